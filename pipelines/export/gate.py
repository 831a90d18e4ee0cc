"""Privacy gate on the exported FILES (not on the SQL that made them): the last line of defence.

Rules, re-checked on every document before an export goes live:
- no contributor id, report id or contributor-typed free text anywhere (by key, at any depth);
- an unpublished code carries nothing about its reports but `reports_needed`;
- a published code has at least `min_reports` reports;
- every count in the denial profile is null (suppressed), 0, or at least `min_cell`; a suppressed
  cell also hides its share;
- no breakdown has exactly one suppressed cell (it could be recovered as total minus the others);
- (``check_page``) no string value shaped like a contributor id or report id, no text equal to one a
  contributor typed, text in the denials object only under code/label keys (and in its rule-library
  explanations), and the marts' independent verifier (pipelines/marts/verify.py) passes: the gate is
  at least as strict as the suppression the marts promise (docs/adr/0003-small-cell-suppression.md);
- billing tips and denial explanations (pipelines/guidance/verify.py): crowd evidence only on a
  published page and only citing a cell the page shows, explanations only for shown reasons, and no
  number in a tip's text that its impact or evidence does not hold.

``screen_page`` applies the same rules at export speed: the document-wide rules (forbidden keys,
id-shaped values, contributor free text) are screened with regular expressions over the page's JSON
TEXT (a key or a string value always appears there between double quotes, so a clean screen proves
the walk would find nothing); a page the screen flags, or whose text carries a ``\\u`` escape, gets
the full walk of ``check_page`` for precise messages. The denials rules always run on the parsed
denials object. tests/exports/test_gate.py proves both give the same answer on every sample page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from typing import Any

from pipelines.guidance.verify import page_problems as guidance_problems
from pipelines.marts.rules import SuppressionRules
from pipelines.marts.verify import check_profile

FORBIDDEN_KEYS = frozenset(
    {
        "contributor_id",
        "contributor_ids",
        "report_id",
        "report_ids",
        "denial_reason_text",
        "appeal_strategy_text",
        "submitted_at",
        "source_file",
        "source_line",
        "raw_line",
    }
)
UNPUBLISHED_ALLOWED = frozenset({"published", "threshold", "reports_needed", "report_count"})
COUNT_KEYS = ("count", "appealed", "won", "partially_won", "lost", "pending", "decided")


def _walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def _is_small(value: Any, min_cell: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < min_cell


def check_document(doc: dict[str, Any], min_reports: int, min_cell: int) -> list[str]:
    """Problems found in one code-page document (empty list = passes)."""
    problems: list[str] = []
    code = doc.get("hcpcs", "?")
    for path, node in _walk(doc, "$"):
        if isinstance(node, dict):
            for key in node.keys() & FORBIDDEN_KEYS:
                problems.append(f"{code}: forbidden field {path}.{key}")
    denials = doc.get("denials")
    if not isinstance(denials, dict):
        return [*problems, f"{code}: no denials object"]
    if not denials.get("published"):
        extra = {k for k, v in denials.items() if k not in UNPUBLISHED_ALLOWED and v not in (None, [], {})}
        if extra:
            problems.append(f"{code}: unpublished code exposes {sorted(extra)}")
        if denials.get("report_count") is not None:
            problems.append(f"{code}: unpublished code exposes its report_count")
        return problems
    count = denials.get("report_count")
    if not isinstance(count, int) or count < min_reports:
        problems.append(f"{code}: published with report_count {count!r} < {min_reports}")
    for path, node in _walk(denials, "$.denials"):
        if isinstance(node, dict):
            for key in COUNT_KEYS:
                if _is_small(node.get(key), min_cell):
                    problems.append(f"{code}: {path}.{key} = {node[key]} is below min_cell {min_cell}")
            if "count" in node and node.get("count") is None and node.get("share") is not None:
                problems.append(f"{code}: {path} is suppressed but shows its share")
        elif isinstance(node, list) and node and all(isinstance(c, dict) and "count" in c for c in node):
            suppressed = sum(1 for c in node if c.get("count") is None)
            if suppressed == 1:
                problems.append(
                    f"{code}: {path} has exactly one suppressed cell (recoverable by subtraction)"
                )
    return problems


# --- Value-level rules and the marts' own verifier (the export build) ---------------
CONTRIBUTOR_ID = re.compile(r"^[0-9a-f]{64}$")
REPORT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
# keys whose string values a denials object may carry (codes, labels from the X12 list, periods)
DENIAL_TEXT_KEYS = frozenset({"key", "label", "group_code", "rule", "from", "to"})


def _value_problem(value: str, free_texts: Collection[str]) -> str | None:
    if CONTRIBUTOR_ID.match(value):
        return "looks like a contributor id"
    if REPORT_ID.match(value):
        return "looks like a report id"
    if value in free_texts:
        return "contributor-typed free text"
    return None


def check_values(doc: Any, free_texts: Collection[str] = frozenset(), where: str = "$") -> list[str]:
    """Problems with string VALUES anywhere in ``doc``: a contributor id or report id by its shape,
    or a free text a contributor typed (exact match against the reports' free-text fields)."""
    problems = []
    for path, node in _walk(doc, where):
        if isinstance(node, str) and (problem := _value_problem(node, free_texts)):
            problems.append(f"{path}: {problem}")
    return problems


JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def check_json_text(text: str, free_texts: Collection[str] = frozenset(), where: str = "$") -> list[str]:
    """The value rules and the forbidden keys on every string of a JSON text (keys and values), read with
    one regex instead of a walk: for the large machine-written NCCI companion files (codes, numbers and
    CMS rationale texts), whose millions of values a Python walk would take seconds to visit."""
    strings = {json.loads(f'"{raw}"') for raw in set(JSON_STRING.findall(text))}
    problems = [f"{where}: forbidden field {key}" for key in sorted(strings & FORBIDDEN_KEYS)]
    for value in sorted(strings):
        if problem := _value_problem(value, free_texts):
            problems.append(f"{where}: {value[:40]!r} {problem}")
    return problems


def check_denial_text(denials: Any, code: str) -> list[str]:
    """A denials object carries text only under known keys (anything else could be free text)."""
    problems = []
    # explanations are rule-library text (checked by pipelines/guidance/verify.py), not report data
    cells = (
        {k: v for k, v in denials.items() if k != "explanations"} if isinstance(denials, dict) else denials
    )
    for path, node in _walk(cells, "$.denials"):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and key not in DENIAL_TEXT_KEYS:
                    problems.append(f"{code}: text field {path}.{key} in the denials object")
    return problems


# Text screens: supersets of what check_document / check_values find by walking the parsed document.
_KEY_TEXT = re.compile(r'"(?:' + "|".join(sorted(FORBIDDEN_KEYS)) + r')"\s*:')
# (``$`` in CONTRIBUTOR_ID / REPORT_ID also matches before a final newline, written \n in JSON)
_ID_TEXT = re.compile(
    r'"(?:[0-9a-f]{64}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:\\n)?"'
)
_STRING_TEXT = re.compile(r'"((?:[^"\\]|\\.)*)"')


def string_literals(text: str) -> set[str]:
    """Every string (keys and values) in a JSON text as written, plus the decoded form of any
    written with escapes."""
    if "\\" not in text:  # no escaped quote: the strings are exactly every other piece between quotes
        return set(text.split('"')[1::2])
    found = set(_STRING_TEXT.findall(text))
    return found | {json.loads(f'"{raw}"') for raw in found if "\\" in raw}


def text_flags(text: str, free_texts: Collection[str] = frozenset()) -> bool:
    """True when the JSON ``text`` may break a document-wide rule (then walk it with check_page)."""
    if "\\u" in text or _KEY_TEXT.search(text) or _ID_TEXT.search(text):
        return True
    return bool(free_texts) and not string_literals(text).isdisjoint(free_texts)


def check_denials(doc: dict[str, Any], rules: SuppressionRules) -> list[str]:
    """The rules on the denials object and the guidance (what check_page adds to the document-wide rules)."""
    code = doc.get("hcpcs", "?")
    denials = doc.get("denials")
    problems = check_document({"hcpcs": code, "denials": denials}, rules.min_reports, rules.min_cell)
    if isinstance(denials, dict):
        problems += check_denial_text(denials, code)
        problems += [f"{code}: denials {p}" for p in check_profile(denials, rules)]
    problems += guidance_problems(doc)
    return list(dict.fromkeys(problems))


def screen_page(
    text: str, doc: dict[str, Any], rules: SuppressionRules, free_texts: Collection[str] = frozenset()
) -> list[str]:
    """``check_page(doc)`` for the document whose JSON is ``text``, screening the document-wide rules
    on the text (same answer, a fraction of the time)."""
    if text_flags(text, free_texts):
        return check_page(doc, rules, free_texts)
    return check_denials(doc, rules)


def check_page(
    doc: dict[str, Any], rules: SuppressionRules, free_texts: Collection[str] = frozenset()
) -> list[str]:
    """Every gate rule on one code-page document: the rules above, the value rules, and the marts'
    independent suppression verifier (threshold, small cells, recovery by subtraction or rates)."""
    code = doc.get("hcpcs", "?")
    problems = check_document(doc, rules.min_reports, rules.min_cell)
    problems += [f"{code}: {p}" for p in check_values(doc, free_texts)]
    denials = doc.get("denials")
    if isinstance(denials, dict):
        problems += check_denial_text(denials, code)
        problems += [f"{code}: denials {p}" for p in check_profile(denials, rules)]
    problems += guidance_problems(doc)
    return list(dict.fromkeys(problems))
