"""Apply the rule library to one code's facts: ranked billing tips and denial explanations (pure).

A tip's text may hold only numbers that its impact or evidence holds (``unbacked_numbers``); a rule
that would break this raises ``UnbackedNumber`` (a library defect, never shipped).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from pipelines.guidance.library import Explanation, Library, Rule
from pipelines.ncci.labels import MODIFIER_INDICATOR, MUE_ADJUDICATION_INDICATOR
from pipelines.pricing.install import status_labels

MAX_TIPS = 12  # code_page.v2 billing_tips maxItems
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
MONEY = re.compile(r"\$\d[\d,]*(?:\.\d+)?")
TIP_ID = re.compile(r"^[a-z0-9_.-]{3,80}$")


class UnbackedNumber(ValueError):
    pass


class _Fact:
    """A fact as templates format it: {x:money} -> $1,257.63, {x:pct} -> 39 %, else str(x)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __format__(self, spec: str) -> str:
        value = self.value
        if spec == "money":
            return f"${Decimal(value):,.2f}"
        if spec == "pct":
            return f"{Decimal(str(value)) * 100:.0f} %"
        if isinstance(value, date):
            return value.isoformat()
        return "" if value is None else str(value)


def formattable(facts: dict[str, Any]) -> dict[str, _Fact]:
    return {k: _Fact(v) for k, v in facts.items()}


def fmt(template: str, facts: dict[str, _Fact]) -> str:
    return template.format_map(facts)


@lru_cache(maxsize=1 << 16)
def numbers(text: str) -> frozenset[Decimal]:
    """Every number written in ``text`` (thousands separators dropped; 090 = 90)."""
    found = set()
    for token in NUMBER.findall(text):
        try:
            found.add(Decimal(token.replace(",", "").rstrip(".")).normalize())
        except InvalidOperation:
            continue
    return frozenset(found)


def describe(found: set[Decimal]) -> str:
    return ", ".join(sorted(format(n, "f") for n in found))


def unbacked_numbers(tip: dict[str, Any]) -> set[Decimal]:
    """Numbers in a tip's title or text that neither its impact nor its evidence holds, and dollar
    amounts of the title or text that its impact basis (the computation) does not spell out."""
    backing = " ".join(f"{e.get('ref', '')} {e.get('detail', '')}" for e in tip.get("evidence", []))
    impact = tip.get("impact")
    held = set(numbers(backing))
    computed: frozenset[Decimal] = frozenset()
    if impact:
        computed = numbers(impact["basis"])
        held |= computed | {Decimal(str(impact["value"])).normalize()}
    shown = f"{tip['title']} {tip['text']}"
    dollars = numbers(" ".join(MONEY.findall(shown)))
    return (numbers(shown) - held) | (dollars - computed)


def _matches(rule: Rule, facts: dict[str, Any]) -> bool:
    for name in rule.facts:
        if facts.get(name) is None:
            return False
    for name, allowed in rule.when.items():
        value = facts.get(name)
        if not any(type(value) is type(a) and value == a for a in allowed):
            return False
    return True


def _items(rule: Rule, facts: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(id suffix, item) for each time the rule applies: once, or once per matching list item."""
    if rule.for_each is None:
        return [("", {})] if _matches(rule, facts) else []
    out = []
    for item in facts.get(rule.for_each) or []:
        if _matches(rule, facts | item):
            other = item.get("key") or (
                item["column1"] if rule.for_each == "ptp_col2" else item.get("column2")
            )
            out.append((str(other).lower(), item))
    return out[: rule.max_items]


def _render(
    rule: Rule, suffix: str, facts: dict[str, Any], shown: dict[str, _Fact], library: Library
) -> dict[str, Any]:
    evidence = [
        {"source": e["source"]} | {k: fmt(v, shown) for k, v in e.items() if k != "source"}
        for e in rule.evidence
    ]
    evidence += [
        {"source": library.sources[s].evidence, "ref": library.sources[s].citation} for s in rule.sources
    ]
    tip: dict[str, Any] = {
        "id": f"{rule.id}.{suffix}" if suffix else rule.id,
        "kind": rule.kind,
        "title": fmt(rule.title, shown),
        "text": fmt(rule.text, shown),
        "impact": None,
        "evidence": evidence,
    }
    if rule.impact is not None and facts.get(rule.impact["value"]) is not None:
        tip["impact"] = {
            "kind": rule.impact["kind"],
            "value": float(facts[rule.impact["value"]]),
            "basis": fmt(rule.impact["basis"], shown),
        }
    if rule.for_each in ("ptp_col1", "ptp_col2"):
        tip["applies_to"] = {
            "paired_codes": [facts["column1"] if rule.for_each == "ptp_col2" else facts["column2"]]
        }
    elif rule.for_each == "shown_payers":
        tip["applies_to"] = {"payer_types": [facts["key"]]}
    if not TIP_ID.match(tip["id"]):
        raise UnbackedNumber(f"rule {rule.id}: tip id {tip['id']!r} is not a stable id")
    loose = unbacked_numbers(tip)
    if loose:
        shown = ", ".join(sorted(format(n, "f") for n in loose))
        raise UnbackedNumber(
            f"rule {rule.id} ({rule.file}) on {facts['hcpcs']}: number(s) {shown} in the text "
            "are in neither its impact nor its evidence"
        )
    return tip


def _stake(tip: dict[str, Any], priority: int) -> tuple:
    impact = tip["impact"] or {}
    reports = impact.get("value", 0) if impact.get("kind") == "reports" else 0
    dollars = abs(impact.get("value", 0)) if impact.get("kind") == "dollars" else 0
    return (-reports, -dollars, priority, tip["id"])


def billing_tips(facts: dict[str, Any], library: Library) -> list[dict[str, Any]]:
    """Ranked tips of one code: most denials, then most dollars at stake, then rule priority and id."""
    ranked = []
    shown = formattable(facts)
    for rule in library.rules:
        for suffix, item in _items(rule, facts):
            tip = _render(rule, suffix, facts | item, shown | formattable(item), library)
            ranked.append((_stake(tip, rule.priority), tip))
    ranked.sort(key=lambda pair: pair[0])
    return [tip for _, tip in ranked[:MAX_TIPS]]


# --- Denial explanations ------------------------------------------------------------------------
LINK_SOURCE = {
    "ptp_col2": "ncci_ptp_layout",
    "mue": "ncci_mue_layout",
    "status": "rvu_att_a",
    "modifiers": "rvu_layout",
    "multiple": "cpm12_multiple",
}


def _reason_code(key: str) -> str:
    return key.split("-", 1)[1] if "-" in key else key


def _meaning(key: str, cell: dict[str, Any], meanings: dict[str, str]) -> str | None:
    code = _reason_code(key)
    text = meanings.get(code if "-" not in key else f"CARC {code}") or cell.get("label")
    if text and len(text) > 400:
        text = text[:400].rsplit(". ", 1)[0] + "."
    return text


def _pair_sentence(facts: dict[str, Any], pair: dict[str, Any]) -> str:
    what = (
        "no modifier bypasses it; bill one or the other"
        if pair["modifier_indicator"] == 0
        else "a distinct-procedure modifier (59/XU) with documentation of a separate encounter bypasses it"
        if pair["modifier_indicator"] == 1
        else MODIFIER_INDICATOR.get(pair["modifier_indicator"], ("", "see the NCCI policy manual"))[1]
    )
    return (
        f"{facts['hcpcs']} is column 2 of an active NCCI pair with {pair['column1']} "
        f"(modifier indicator {pair['modifier_indicator']}: {what})"
    )


def _linked(link: str, facts: dict[str, Any], release_id: str) -> tuple[list[str], list[dict[str, str]]]:
    """(cause sentences, evidence) from the code's CMS facts that explain a reason of this link."""
    code = facts["hcpcs"]
    if link == "ptp_col2":
        pairs = sorted(facts.get("ptp_col2") or [], key=lambda p: (p["modifier_indicator"], p["column1"]))[:5]
        causes = [_pair_sentence(facts, p) for p in pairs]
        evidence = [
            {
                "source": "cms_ncci_ptp",
                "ref": f"NCCI {p['quarter']} PTP {p['column1']}/{code} modifier {p['modifier_indicator']}",
                "detail": s,
            }
            for p, s in zip(pairs, causes, strict=True)
        ]
        return causes, evidence
    if link == "mue" and facts.get("mue_value") is not None:
        mai = facts["mue_mai"]
        meaning = MUE_ADJUDICATION_INDICATOR.get(mai, ("", ""))[1]
        cause = (
            f"more than {facts['mue_value']} units of {code} (MUE, adjudication indicator {mai}: {meaning})"
        )
        ref = f"MUE {facts['ncci_quarter']} {code} value {facts['mue_value']} MAI {mai}"
        return [cause], [{"source": "cms_ncci_mue", "ref": ref, "detail": meaning}]
    if link == "status":
        label = status_labels().get(facts["status_code"], "unknown status")
        ref = f"{release_id} {code} status {facts['status_code']}"
        return [f"{code} has Medicare status {facts['status_code']}: {label}"], [
            {"source": "cms_rvu", "ref": ref, "detail": label}
        ]
    if link == "modifiers":
        ref = (
            f"{release_id} {code} PCTC {facts['pctc']} BILAT {facts['bilat']} ASST {facts['asst']} "
            f"CO-SURG {facts['co_surg']} TEAM {facts['team_surg']} GLOB {facts['global_days']}"
        )
        return [], [
            {"source": "cms_rvu", "ref": ref, "detail": "the indicators decide which modifiers are valid"}
        ]
    if link == "multiple" and facts.get("mult_proc") not in (None, "", "0", "9"):
        ref = f"{release_id} {code} MULT PROC indicator {facts['mult_proc']}"
        return [], [{"source": "cms_rvu", "ref": ref}]
    return [], []


def denial_explanations(
    facts: dict[str, Any], profile: dict[str, Any] | None, library: Library, meanings: dict[str, str]
) -> list[dict[str, Any]]:
    """One explanation per reason and remark shown unsuppressed on a published page, in page order."""
    if not profile or not profile.get("published"):
        return []
    out = []
    total = profile["report_count"]
    for breakdown in ("top_reasons", "top_remarks"):
        for cell in profile.get(breakdown) or []:
            if cell.get("count") is None or cell.get("suppressed"):
                continue
            key = cell["key"]
            meaning = _meaning(key, cell, meanings)
            if not meaning:
                continue
            rule: Explanation | None = library.explanations.get(_reason_code(key))
            kind = "RARC" if "-" not in key else "CARC"
            evidence = [
                {"source": "crowd_denials", "ref": f"denials.{breakdown} {key} {cell['count']} of {total}"},
                {"source": "rule_library", "ref": f"X12 {kind} {_reason_code(key)}"},
            ]
            entry: dict[str, Any] = {"key": key, "meaning": meaning}
            if rule is not None:
                causes, linked = _linked(rule.link, facts, facts["release_id"])
                shown = formattable(facts)
                entry["likely_causes"] = causes + [fmt(c, shown) for c in rule.causes]
                entry["prevention"] = fmt(rule.prevention, shown)
                evidence += linked
                if rule.link in LINK_SOURCE:
                    name = LINK_SOURCE[rule.link]
                    if rule.link == "multiple" and facts.get("mult_proc") == "5":
                        name = "cpm5_mppr"  # always-therapy codes: the therapy PE reduction, not surgery
                    source = library.sources[name]
                    evidence.append({"source": source.evidence, "ref": source.citation})
            entry["evidence"] = evidence
            out.append(entry)
    return out
