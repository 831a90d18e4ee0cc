"""Code page v2's NCCI part on the sample export: at most PAGE_EDITS edits per direction (ranked in SQL),
the totals, and a companion file ncci/<HCPCS>.json with every active edit, listed in the manifest and
checked by the contract check and the privacy gate."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from pipelines.export.build import verify_contract, verify_privacy
from pipelines.export.publish import current_build
from pipelines.lib.sql import run_sql
from pipelines.marts.rules import SuppressionRules


@pytest.fixture
def build(sample_run, tmp_path):
    copy = tmp_path / "build"
    shutil.copytree(current_build(sample_run.paths.export_dir), copy)
    return copy


def _json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_page_totals_and_companion_file_with_every_edit(build):
    page = _json(build / "codes" / "97110.json")["ncci"]
    assert page["ptp_as_column2_total"] == 2 and page["ptp_as_column1_total"] == 0
    assert [e["column1"] for e in page["ptp_as_column2"]] == ["97150", "97530"]
    assert page["edits_file"] == "ncci/97110.json"
    companion = _json(build / page["edits_file"])
    assert companion["hcpcs"] == "97110" and companion["version"] == page["version"]
    assert companion["ptp_as_column2"]["column1"] == ["97150", "97530"]
    assert companion["ptp_as_column2"]["effective_date"] == [20200101, 20200101]
    assert companion["ptp_as_column2"]["deletion_date"] is None  # no listed edit has a deletion date
    texts = companion["rationales"]
    assert [texts[i] for i in companion["ptp_as_column2"]["rationale"]] == [
        "Misuse of column two code with column one code",
        "Mutually exclusive procedures",
    ]
    manifest = _json(build / "manifest.json")
    data = (build / "ncci" / "97110.json").read_bytes()
    assert manifest["files"]["ncci/97110.json"] == hashlib.sha256(data).hexdigest()
    assert manifest["edits_files"] == len(list((build / "ncci").glob("*.json"))) > 0


def test_a_code_without_edits_points_at_no_file(build):
    without = [
        p.stem
        for p in sorted((build / "codes").glob("*.json"))
        if (n := _json(p)["ncci"]) and not n["ptp_as_column1_total"] + n["ptp_as_column2_total"]
    ]
    assert without, "most sample codes have no edit"
    assert _json(build / "codes" / f"{without[0]}.json")["ncci"]["edits_file"] is None
    assert not (build / "ncci" / f"{without[0]}.json").exists()


def test_the_page_shows_the_most_relevant_edits_first(sample_conn):
    """Ranked and cut in SQL: modifier indicator 0 before 1 before 9, then the other code."""
    rows = dict(
        run_sql(
            sample_conn, "exports/code_page_ncci", {"page_edits": 1, "buckets": 1, "bucket": 0}
        ).fetchall()
    )
    knee = json.loads(rows["97530"])
    assert knee["ptp_as_column1_total"] == 2
    assert [e["column2"] for e in knee["ptp_as_column1"]] == ["97110"]  # 97110 before 97140
    # the real ranking rule on the whole sample: indicator first, then the other code
    for text in rows.values():
        for key, other in (("ptp_as_column1", "column2"), ("ptp_as_column2", "column1")):
            order = [(e["modifier_indicator"], e[other]) for e in json.loads(text)[key]]
            assert order == sorted(order)


def test_contract_check_catches_a_companion_that_disagrees_with_its_page(build):
    assert verify_contract(build) == []
    path = build / "ncci" / "97110.json"
    companion = _json(path)
    companion["ptp_as_column2"]["column1"].pop()
    companion["ptp_as_column2_total"] -= 1
    path.write_text(json.dumps(companion))
    problems = verify_contract(build)
    assert any("ncci/97110.json: SHA-256 differs" in p for p in problems)
    assert any("ncci/97110.json: not 97110's 0 + 2 edits" in p for p in problems)


def test_contract_check_catches_an_orphan_and_a_missing_companion(build):
    shutil.copyfile(build / "ncci" / "97110.json", build / "ncci" / "99999.json")
    (build / "ncci" / "97530.json").unlink()
    problems = "\n".join(verify_contract(build))
    assert "edits file(s) no page points at, e.g. ['ncci/99999.json']" in problems
    assert "codes/97530.json: edits_file 'ncci/97530.json' is not ncci/97530.json in the build" in problems


def test_privacy_gate_reads_the_companion_files(build):
    path = build / "ncci" / "97110.json"
    companion = _json(path)
    companion["rationales"][0] = "a" * 64  # shaped like a contributor id
    companion["source_file"] = "x"
    path.write_text(json.dumps(companion))
    problems = verify_privacy(build, SuppressionRules())
    assert any(p.startswith("ncci/97110.json:") and "contributor id" in p for p in problems)
    assert any(p.startswith("ncci/97110.json:") and "forbidden field source_file" in p for p in problems)
