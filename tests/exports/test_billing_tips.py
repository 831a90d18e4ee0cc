"""Billing tips and denial explanations on the pages of the sample export (real RVU25A + RVU25D rows,
the synthetic reports, the export NCCI fixture), and the privacy gate on planted violations."""

from __future__ import annotations

import json
import shutil

import pytest

from pipelines.export.build import verify_contract, verify_privacy
from pipelines.export.publish import current_build
from pipelines.guidance.library import load_library
from pipelines.guidance.render import NUMBER, unbacked_numbers
from pipelines.marts.rules import SuppressionRules

RULES = SuppressionRules()


@pytest.fixture(scope="module")
def pages(sample_run):
    build = current_build(sample_run.paths.export_dir)
    return {p.stem: json.loads(p.read_text()) for p in (build / "codes").glob("*.json")}


@pytest.fixture
def build(sample_run, tmp_path):
    copy = tmp_path / "build"
    shutil.copytree(current_build(sample_run.paths.export_dir), copy)
    return copy


def _edit(build, code, change):
    path = build / "codes" / f"{code}.json"
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))


def test_every_number_of_every_tip_of_every_page_is_in_its_impact_or_evidence(pages):
    checked = 0
    for code, doc in pages.items():
        for tip in doc["billing_tips"]:
            assert unbacked_numbers(tip) == set(), (code, tip["id"], tip["text"])
            checked += len(NUMBER.findall(tip["text"]))
    assert checked > 1000  # the sample pages do carry numbers


def test_pages_carry_tips_explanations_and_the_library_version(pages):
    assert {d["rule_library"]["version"] for d in pages.values()} == {load_library().label}
    assert sum(len(d["billing_tips"]) for d in pages.values()) > len(pages)
    assert all(len(d["billing_tips"]) <= 12 for d in pages.values())
    assert "status.r.no_rvus" in [t["id"] for t in pages["97545"]["billing_tips"]]
    published = [d for d in pages.values() if d["denials"]["published"]]
    assert published and all(d["denials"]["explanations"] for d in published)
    assert all("explanations" not in d["denials"] for d in pages.values() if not d["denials"]["published"])


def test_co97_on_97110_names_the_fixture_pairs(pages):
    doc = pages["97110"]
    shown = {c["key"]: c["count"] for c in doc["denials"]["top_reasons"] if c["count"] is not None}
    assert "CO-97" in shown
    co97 = next(e for e in doc["denials"]["explanations"] if e["key"] == "CO-97")
    refs = [e["ref"] for e in co97["evidence"]]
    assert (
        "NCCI 2025Q4 PTP 97150/97110 modifier 1" in refs and "NCCI 2025Q4 PTP 97530/97110 modifier 1" in refs
    )
    assert f"denials.top_reasons CO-97 {shown['CO-97']} of {doc['denials']['report_count']}" in refs
    assert any("97530 (modifier indicator 1" in c for c in co97["likely_causes"])


def test_crowd_tips_cite_only_cells_the_page_shows(pages):
    for code, doc in pages.items():
        denials = doc["denials"]
        for tip in doc["billing_tips"]:
            crowd = [e for e in tip["evidence"] if e["source"] == "crowd_denials"]
            if not crowd:
                continue
            assert denials["published"], code
            for item in crowd:
                breakdown, key, count, _, total = item["ref"].removeprefix("denials.").split(" ")
                if breakdown == "appeals":
                    continue
                cell = next(c for c in denials[breakdown] if c["key"] == key)
                assert cell["count"] == int(count) and denials["report_count"] == int(total), (code, item)


def test_gate_passes_the_live_export_and_catches_planted_tip_problems(build):
    assert verify_contract(build) == [] and verify_privacy(build, RULES) == []
    _edit(build, "97110", lambda d: d["billing_tips"][0].update(text="Reduces claim denials by 40 %."))
    _edit(
        build,
        "71046",
        lambda d: d["billing_tips"].append(
            {
                "id": "crowd.fake",
                "kind": "appeal",
                "title": "x",
                "text": "x",
                "impact": None,
                "evidence": [{"source": "crowd_denials", "ref": "denials.top_reasons CO-97 3 of 26"}],
            }
        ),
    )
    _edit(
        build,
        "27447",
        lambda d: d["denials"].update(
            explanations=[
                {
                    "key": "CO-197",
                    "meaning": "m",
                    "evidence": [{"source": "rule_library", "ref": "X12 CARC 197"}],
                }
            ]
        ),
    )
    problems = "\n".join(verify_privacy(build, RULES))
    assert "97110: billing_tips[0]" in problems and "40" in problems
    assert "71046: billing_tips" in problems and "is not a cell shown on the page" in problems
    assert "27447: denial explanations on an unpublished page" in problems
