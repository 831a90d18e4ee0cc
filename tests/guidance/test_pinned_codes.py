"""Tips of real codes against values worked out by hand from the REAL RVU25D file (PPRRVU2025_Oct.csv,
CF 32.3465, national = all GPCIs 1.000, rounded to cents once):

- 97110: NF total 0.89 -> 0.89 x 32.3465 = 28.788 -> $28.79; CQ 85 % -> 24.470 -> $24.47 (-$4.32);
  2 units: NF PE 0.43, half PE 6.954; (28.788 - 6.954) x 2 + 6.954 = 50.622 -> $50.62, 2nd unit $21.83.
- 27447: F total 38.88 -> 1,257.632 -> $1,257.63 (NF flagged NA); 50 x 1.5 -> $1,886.45;
  80 x 0.16 -> 201.221 -> $201.22; AS x 0.136 -> 171.038 -> $171.04; 62 x 0.625 -> 786.020 -> $786.02.
- 71046: NF global 1.01 -> $32.67; 26 row 0.31 -> 10.027 -> $10.03; TC row 0.70 -> 22.643 -> $22.64.
- 99213: NF total 2.75 -> 88.953 -> $88.95.
- 97545: status R, all RVUs 0.00 (contractor priced).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.sql import fetch_dicts

PPRRVU = REPO_ROOT / "raw" / "cms" / "rvu" / "RVU25D" / "PPRRVU2025_Oct.csv"


def _file_row(code: str, modifier: str = "") -> list[str]:
    for line in PPRRVU.read_text(encoding="latin-1").splitlines()[10:]:
        cells = line.split(",")
        if cells[0] == code and cells[1] == modifier:
            return cells
    raise AssertionError(f"{code} {modifier} not in {PPRRVU}")


def tips(conn, code: str, release: str = "RVU25D") -> dict[str, dict]:
    rows = fetch_dicts(
        conn.execute(
            "select * from code_billing_tips where release_id = ? and hcpcs = ? order by rank",
            [release, code],
        )
    )
    return {r["tip_id"]: r | {"evidence": json.loads(r["evidence"])} for r in rows}


def test_the_premises_are_the_real_file():
    # total NF, total F (cols 11-12), status, PCTC, GLOB, MULT, BILAT, ASST, CO-SURG, CF
    assert _file_row("97110")[3] == "A" and _file_row("97110")[11] == "0.89" and _file_row("97110")[18] == "5"
    assert _file_row("27447")[12] == "38.88" and _file_row("27447")[7] == "NA"
    assert _file_row("27447")[14:15] + _file_row("27447")[18:22] == ["090", "2", "1", "2", "1"]
    assert [_file_row("71046", m)[11] for m in ("", "26", "TC")] == ["1.01", "0.31", "0.70"]
    assert (
        _file_row("99213")[11] == "2.75" and _file_row("97545")[3] == "R" and _file_row("97545")[11] == "0.00"
    )
    assert _file_row("97110")[24] == "32.3465"


def test_97110_cq_in_dollars_gp_and_the_therapy_pe_reduction(conn):
    found = tips(conn, "97110")
    cq = found["therapy.assistant_cq_co"]
    assert cq["impact_kind"] == "dollars" and cq["impact_value"] == Decimal("4.32")
    assert (
        "$24.47 instead of $28.79" in cq["text"] and "(-$4.32" in cq["text"] and "CQ (with GP)" in cq["text"]
    )
    assert "GP (physical therapy)" in found["therapy.plan_of_care"]["text"]
    pe = found["therapy.pe_reduction"]
    assert "$50.62: $28.79 for the first and $21.83 for the second" in pe["text"]
    assert pe["impact_value"] == Decimal("6.96")
    assert pe["evidence"][0]["ref"] == "RVU25D 97110 MULT PROC indicator 5"


def test_27447_global_bilateral_assistant_cosurgery_and_na(conn):
    found = tips(conn, "27447")
    assert "90-day global period" in found["global.090"]["text"]
    for modifier in ("24", "57", "58", "78", "79"):
        assert f" {modifier} (" in found["global.090"]["text"]
    bilateral = found["bilateral.150"]
    assert "150 %: $1,886.45 instead of $1,257.63 (facility national)" in bilateral["text"]
    assert bilateral["impact_value"] == Decimal("628.82")
    assistant = found["assistant.allowed"]["text"]
    assert "16 % ($201.22)" in assistant and "AS for 13.6 % ($171.04" in assistant
    cosurgery = found["cosurgery.allowed"]
    assert "62.5 %: $786.02" in cosurgery["text"] and "Document why co-surgeons" in cosurgery["text"]
    na = found["setting.nonfacility_na"]
    assert "NA in the non-facility setting" in na["text"] and "$1,257.63" in na["text"]
    assert found["multiple.standard"]["impact_value"] == Decimal("628.81")  # $1,257.63 - $628.82


def test_71046_pc_tc_split_in_dollars(conn):
    split = tips(conn, "71046")["pctc.split"]
    assert "(modifier 26, $10.03)" in split["text"] and "(modifier TC, $22.64)" in split["text"]
    assert "global code ($32.67)" in split["text"] and split["impact_value"] == Decimal("32.67")
    assert split["evidence"][0]["ref"] == "RVU25D 71046 PCTC indicator 1"


def test_99213_modifier_25_with_a_same_day_procedure(conn):
    found = tips(conn, "99213")
    em = found["em.modifier_25"]
    assert "append 25" in em["text"] and "$88.95" in em["text"] and em["impact_value"] == Decimal("88.95")
    # with the fixture quarter loaded: 99213 is column 2 of 20610 (modifier indicator 1) -> modifier 25
    pair = found["ncci.col2.em25.20610"]
    assert (
        "modifier 25" in pair["text"]
        and pair["evidence"][0]["ref"] == "NCCI 2025Q4 PTP 20610/99213 modifier 1"
    )


def test_97545_status_r_contractor_priced_documentation_and_crowd_payer_focus(conn):
    found = tips(conn, "97545")
    status = found["status.r.no_rvus"]
    assert status["kind"] == "coverage" and "the MAC sets the price" in status["text"]
    assert status["impact_kind"] is None and status["evidence"][0]["ref"] == "RVU25D 97545 status R"
    assert "work-related injury" in found["doc.97545.documentation"]["text"]
    assert "GP (physical therapy), GO" in found["doc.97545.modifiers"]["text"]
    # payer focus only from shown cells: commercial 12 of 33 is shown; workers' comp (3) is suppressed
    assert "doc.97545.payer_focus.commercial" in found
    assert "doc.97545.payer_focus.workers_comp" not in found
    assert "12 of 33" in found["doc.97545.payer_focus.commercial"]["text"]


def test_payer_focus_is_a_97545_97546_rule_only(conn):
    # 97140's profile also shows a commercial cell, but the seed-note rule is for 97545/97546 only
    assert not [t for t in tips(conn, "97140") if t.startswith("doc.97545")]


@pytest.mark.parametrize("code", ["20560", "20561"])
def test_a_code_without_an_applicable_rule_gets_no_tips(conn, code):
    # status A, PC/TC 0, XXX, MULT PROC 0, BILAT 0, ASST 1 (not surgical), no NA, no NCCI, no crowd
    cells = _file_row(code)
    assert (cells[3], cells[13], cells[14], cells[18], cells[19]) == ("A", "0", "XXX", "0", "0")
    assert tips(conn, code) == {}


def test_bundling_tips_name_the_pairs_with_the_quarter_and_indicator(conn):
    found = tips(conn, "97140")
    mi0 = found["ncci.col2.mi0.97545"]
    assert "no modifier bypasses it" in mi0["text"] and "2025Q4" in mi0["text"]
    assert mi0["evidence"][0]["ref"] == "NCCI 2025Q4 PTP 97545/97140 modifier 0"
    mi1 = found["ncci.col2.mi1.97530"]
    assert "59 or XE/XS/XP/XU" in mi1["text"] and json.loads(mi1["applies_to"]) == {"paired_codes": ["97530"]}
    assert (
        "mue.mai2" in tips(conn, "97545")
        and "1 unit(s) per date of service" in tips(conn, "97545")["mue.mai2"]["text"]
    )


def test_ranking_is_most_denials_then_most_dollars_and_at_most_12(conn):
    rows = conn.execute(
        "select release_id, hcpcs, count(*) from code_billing_tips group by all having count(*) > 12"
    ).fetchall()
    assert rows == []
    order = list(tips(conn, "97140"))
    assert order[:2] == ["crowd.top_reason.co-97", "crowd.top_reason.co-59"]  # 12 then 8 reports
    dollars = [t for t in tips(conn, "27447").values() if t["impact_kind"] == "dollars"]
    assert [t["impact_value"] for t in dollars] == sorted((t["impact_value"] for t in dollars), reverse=True)
