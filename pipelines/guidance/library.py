"""The billing rule library: TOML files in pipelines/guidance/rules/, loaded strictly.

Each file is validated against rules/rule_library.schema.json, then cross-checked: unique rule ids,
every cited source defined, every fact a rule reads or a template names in the vocabulary
(pipelines/guidance/facts.py). Any problem raises ``RuleLibraryError`` naming the file and the rule.
The version is the library's own `version` plus a hash of the files' bytes (docs/billing_rules.md).
"""

from __future__ import annotations

import hashlib
import json
import string
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from pipelines.guidance.facts import FACTS, ITEM_FACTS

RULES_DIR = Path(__file__).parent / "rules"
SCHEMA = RULES_DIR / "rule_library.schema.json"
FORMATS = ("", "money", "pct")


class RuleLibraryError(ValueError):
    pass


@dataclass(frozen=True)
class Source:
    id: str
    evidence: str
    citation: str


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    priority: int
    facts: tuple[str, ...]
    when: dict[str, list[Any]]
    title: str
    text: str
    sources: tuple[str, ...]
    evidence: tuple[dict[str, str], ...]
    impact: dict[str, str] | None
    for_each: str | None
    max_items: int
    file: str


@dataclass(frozen=True)
class Explanation:
    codes: tuple[str, ...]
    link: str
    causes: tuple[str, ...]
    prevention: str
    file: str


@dataclass(frozen=True)
class Library:
    version: str
    digest: str
    sources: dict[str, Source]
    rules: tuple[Rule, ...]
    explanations: dict[str, Explanation]

    @property
    def label(self) -> str:
        """What a code page carries as rule_library.version: version + content hash."""
        return f"{self.version}+{self.digest[:12]}"


def _fields(template: str, where: str) -> list[tuple[str, str]]:
    try:
        return [
            (name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name is not None
        ]
    except ValueError as err:
        raise RuleLibraryError(f"{where}: bad template {template!r}: {err}") from err


def _check_templates(templates: list[str], known: set[str], where: str) -> None:
    for template in templates:
        for name, spec in _fields(template, where):
            if name not in known:
                raise RuleLibraryError(f"{where}: template names unknown fact {{{name}}}")
            if spec not in FORMATS:
                raise RuleLibraryError(f"{where}: unknown format {spec!r} for {{{name}}} (use money or pct)")


def _rule(raw: dict[str, Any], file: str, sources: set[str]) -> Rule:
    where = f"{file}: rule {raw['id']}"
    known = set(FACTS) | set(ITEM_FACTS.get(raw.get("for_each", ""), ()))
    for name in [*raw["facts"], *raw.get("when", {})]:
        if name not in known:
            raise RuleLibraryError(
                f"{where}: unknown fact {name!r} (vocabulary: pipelines/guidance/facts.py)"
            )
    missing = [s for s in raw["sources"] if s not in sources]
    if missing:
        raise RuleLibraryError(f"{where}: cites undefined source(s) {missing} (define them in library.toml)")
    impact = raw.get("impact")
    if impact is not None and impact["value"] not in known:
        raise RuleLibraryError(f"{where}: impact value {impact['value']!r} is not a fact")
    templates = [raw["title"], raw["text"], *(impact["basis"] for impact in [impact] if impact)]
    templates += [e[k] for e in raw["evidence"] for k in ("ref", "detail") if k in e]
    _check_templates(templates, known, where)
    if raw.get("for_each") is None and "max_items" in raw:
        raise RuleLibraryError(f"{where}: max_items without for_each")
    return Rule(
        id=raw["id"],
        kind=raw["kind"],
        priority=raw["priority"],
        facts=tuple(raw["facts"]),
        when=dict(raw.get("when", {})),
        title=raw["title"],
        text=raw["text"],
        sources=tuple(raw["sources"]),
        evidence=tuple(raw["evidence"]),
        impact=impact,
        for_each=raw.get("for_each"),
        max_items=raw.get("max_items", 1),
        file=file,
    )


@cache
def load_library(folder: Path = RULES_DIR) -> Library:
    """Every rule file of ``folder`` (library.toml holds the version and the sources)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    files = sorted(folder.glob("*.toml"))
    if not (folder / "library.toml").is_file():
        raise RuleLibraryError(f"{folder}: no library.toml (version and sources)")
    digest = hashlib.sha256()
    parsed: dict[str, dict[str, Any]] = {}
    for path in files:
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data)
        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise RuleLibraryError(f"{path.name}: not valid TOML: {err}") from err
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errors:
            e = errors[0]
            at = "/".join(str(p) for p in e.absolute_path) or "(top)"
            raise RuleLibraryError(f"{path.name}: {at}: {e.message}")
        parsed[path.name] = doc
    head = parsed["library.toml"]
    if "version" not in head:
        raise RuleLibraryError("library.toml: no version")
    sources = {s["id"]: Source(**s) for s in head.get("source", [])}
    rules: list[Rule] = []
    explanations: dict[str, Explanation] = {}
    for name, doc in parsed.items():
        for raw in doc.get("rule", []):
            rules.append(_rule(raw, name, set(sources)))
        for raw in doc.get("explanation", []):
            where = f"{name}: explanation {raw['codes']}"
            _check_templates([*raw["causes"], raw["prevention"]], set(FACTS), where)
            entry = Explanation(
                tuple(raw["codes"]), raw["link"], tuple(raw["causes"]), raw["prevention"], name
            )
            for code in raw["codes"]:
                if code in explanations:
                    raise RuleLibraryError(f"{where}: reason {code} is explained twice")
                explanations[code] = entry
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleLibraryError(f"{rule.file}: rule id {rule.id} already used in {seen[rule.id]}")
        seen[rule.id] = rule.file
    return Library(head["version"], digest.hexdigest(), sources, tuple(rules), explanations)
