"""The rule library loads strictly: every defect names its file and rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.guidance.library import RULES_DIR, RuleLibraryError, load_library
from pipelines.guidance.render import describe, unbacked_numbers


def test_the_shipped_library_loads_with_a_version_and_content_hash():
    library = load_library()
    assert library.version == "2025.12.2" and len(library.digest) == 64
    assert library.label == f"2025.12.2+{library.digest[:12]}"
    ids = [r.id for r in library.rules]
    assert len(ids) == len(set(ids)) and len(ids) >= 40
    # every rule cites at least one published source, and every issue-listed reason is explained
    assert all(r.sources for r in library.rules)
    for code in "4 16 18 22 45 50 96 97 109 119 151 167 197 204 236 1 2 3 N362 M15 M80 MA130 N20".split():
        assert code in library.explanations, code
    # each status code of the issue has a rule, but A (active, paid separately: nothing to warn about)
    statuses = {v for r in library.rules for v in r.when.get("status_code", [])}
    assert set("BCEIMNPRTXJ") <= statuses and "A" not in statuses


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


def _load(folder: Path):
    load_library.cache_clear()
    try:
        return load_library(folder)
    finally:
        load_library.cache_clear()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'facts = ["mult_proc"]',
            'facts = ["mult_procs"]',
            "therapy.toml: rule therapy.plan_of_care: unknown fact 'mult_procs'",
        ),
        ('sources = ["cpm5_modifiers"]', 'sources = ["cpm99"]', "cites undefined source(s) ['cpm99']"),
        (
            'kind = "modifier"\npriority = 24',
            'kind = "advice"\npriority = 24',
            "therapy.toml: rule/1/kind: 'advice' is not one of",
        ),
        ("{nf_cq:money}", "{nf_cq:euro}", "unknown format 'euro'"),
        ("{hcpcs} is an always-therapy", "{code} is an always-therapy", "template names unknown fact {code}"),
        (
            'id = "therapy.pe_reduction"',
            'id = "therapy.plan_of_care"',
            "rule id therapy.plan_of_care already used",
        ),
        ('[[rule]]\nid = "therapy.pe_reduction"', '[[rule]\nid = "x"', "therapy.toml: not valid TOML"),
    ],
)
def test_a_defective_rule_file_is_refused_with_file_and_rule(tmp_path, old, new, message):
    folder = _copy(tmp_path)
    path = folder / "therapy.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(RuleLibraryError) as err:
        _load(folder)
    assert message in str(err.value)


def test_the_content_hash_changes_with_any_rule_text(tmp_path):
    folder = _copy(tmp_path)
    before = _load(folder).digest
    path = folder / "status.toml"
    path.write_text(
        path.read_text().replace("Check the payer's coverage policy", "Check the coverage policy")
    )
    assert _load(folder).digest != before


def test_an_invented_number_in_a_tip_is_found():
    tip = {
        "title": "Work hardening",
        "text": "Workers' compensation typically reimburses $150-$400; modifier 59 reduces denials by 40%.",
        "impact": {"kind": "dollars", "value": 150.0, "basis": "made up"},
        "evidence": [{"source": "rule_library", "ref": "NCCI modifier 59"}],
    }
    # $150 is the impact value, but no computation in the basis spells it out: unbacked too
    assert describe(unbacked_numbers(tip)) == "150, 40, 400"


def test_a_dollar_amount_must_come_from_the_impact_basis_not_just_the_evidence():
    tip = {
        "title": "Bilateral",
        "text": "Paid at 150 %: $1,886.45 instead of $1,257.63.",
        "impact": {"kind": "dollars", "value": 628.82, "basis": "with 50 $1,886.45 (+$628.82)"},
        "evidence": [{"source": "cms_rvu", "ref": "x", "detail": "150 % of $1,257.63"}],
    }
    assert describe(unbacked_numbers(tip)) == "1257.63"
    tip["impact"]["basis"] = "$1,257.63; with 50 $1,886.45 (+$628.82)"
    assert unbacked_numbers(tip) == set()
    # a dollar figure with no impact at all is never backed by evidence text alone
    assert describe(unbacked_numbers(tip | {"impact": None})) == "1257.63, 1886.45"
