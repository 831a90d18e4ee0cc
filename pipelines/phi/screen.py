"""The PHI screen: run every recognizer over a text and keep the best non-overlapping findings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pipelines.phi.allow import allowed
from pipelines.phi.contextual import contextual
from pipelines.phi.findings import Candidate, Finding, resolve
from pipelines.phi.loose import loose
from pipelines.phi.names import free_form
from pipelines.phi.patterns import structured
from pipelines.phi.text import Text

# Made by the website, validated by the contract's schema, never typed by a person: not screened by default.
SYSTEM_FIELDS = frozenset({"schema_version", "report_id", "submitted_at", "contributor_id"})


def screen(text: str) -> list[Finding]:
    """All identifiers in ``text``: non-overlapping findings sorted by position."""
    if not text or text.isspace():
        return []
    if len(text) <= SHORT:
        return list(_screen_short(text))
    return _screen(text)


# Short strings (codes, enum values, a state) repeat across reports: their findings are cached.
SHORT = 40


@lru_cache(maxsize=8192)
def _screen_short(text: str) -> tuple[Finding, ...]:
    return tuple(_screen(text))


def _screen(text: str) -> list[Finding]:
    t = Text(text)
    candidates: list[Candidate] = [*contextual(t), *structured(t), *loose(t), *free_form(t)]
    if not candidates:
        return []
    candidates.extend(allowed(text))  # look-alikes are only looked for when there is something to clear
    return _repeated_zips(text, resolve(candidates))


def _repeated_zips(text: str, findings: list[Finding]) -> list[Finding]:
    """A bare 5-digit number is a ZIP when the same text already showed it as one ("30318-4412 ... 30318")."""
    zips = {text[f.start : f.start + 5] for f in findings if f.kind == "ZIP"}
    if not zips:
        return findings
    extra = [
        Candidate("ZIP", m.start(), m.end(), "zip_repeated", 75)
        for m in _FIVE_DIGITS.finditer(text)
        if m.group(0) in zips
    ]
    kept = [Candidate(f.kind, f.start, f.end, f.rule, 100) for f in findings]
    return resolve(kept + extra)


_FIVE_DIGITS = re.compile(r"(?<![\w-])\d{5}(?![\w-])")


def screen_many(texts: Iterable[str]) -> list[list[Finding]]:
    """``screen`` over many texts (one list of findings per text, same order)."""
    return [screen(t) for t in texts]


def _strings(value: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")


def screen_record(record: dict[str, Any], fields: Iterable[str] | None = None) -> dict[str, list[Finding]]:
    """Screen the string fields of a report (strings in lists and nested objects too).

    ``fields`` limits the screen to those top-level fields; by default every field but ``SYSTEM_FIELDS``.
    Returns ``{field path: findings}`` for the fields with findings only, e.g. ``"rarc[1]"`` or ``"appeal.status"``.
    """
    names = list(fields) if fields is not None else [k for k in record if k not in SYSTEM_FIELDS]
    found: dict[str, list[Finding]] = {}
    for name in names:
        if name not in record:
            continue
        for path, text in _strings(record[name], name):
            findings = screen(text)
            if findings:
                found[path] = findings
    return found
