"""The PTP and MUE parsers on fixtures in the exact CMS layout, and the refusal of files that are not NCCI."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines.parsing.ncci_files import NcciFileError, classify, members
from pipelines.parsing.ncci_mue import parse_mue
from pipelines.parsing.ncci_ptp import HEADER, parse_ptp

from .conftest import MUE_PRACTITIONER, PTP_F1_ZIP, PTP_F2_TXT, PTP_OPH_TXT


def _ptp(path: Path, setting: str = "practitioner"):
    file = classify(path)
    assert file is not None and file.kind == "ptp"
    [(source, data)] = list(members(file))
    return parse_ptp(data, source, setting)


def test_fixture_reproduces_the_cms_layout():
    raw = PTP_F2_TXT.read_bytes()
    lines = raw.split(b"\r\n")
    assert b"American Medical Association" in lines[0] and b"\xae" in lines[0]  # Latin-1 (R) mark
    assert lines[1].decode("ascii").split("\t") == list(HEADER)
    mue = MUE_PRACTITIONER.read_bytes().decode("latin-1")
    assert '"HCPCS/\nCPT Code","Practitioner Services MUE Values"' in mue


def test_zipped_ptp_file_parses_to_typed_edits_with_line_numbers():
    parsed = _ptp(PTP_F1_ZIP)
    assert parsed.rows_read == 8 and parsed.rejects.is_empty()
    first = parsed.edits.row(0, named=True)
    assert first == {
        "setting": "practitioner",
        "column1": "99213",
        "column2": "36415",
        "in_existence_prior_1996": True,
        "effective_date": date(1996, 1, 1),
        "deletion_date": None,  # '*' = still active
        "modifier_indicator": 1,
        "rationale": "Standards of medical / surgical practice",
        "source_file": f"{PTP_F1_ZIP.name}!ccipra-v313r0-f1.txt",
        "source_line": 3,  # after the copyright line and the header
    }
    deleted = parsed.edits.filter(pl.col("modifier_indicator") == 9).row(0, named=True)
    assert deleted["deletion_date"] == deleted["effective_date"] == date(2020, 1, 1)


def test_every_bad_row_is_rejected_with_its_line_and_reason():
    parsed = _ptp(PTP_F2_TXT)
    assert parsed.blank_lines == 1 and parsed.rows_read == 10
    rejects = {r["line_number"]: r for r in parsed.rejects.to_dicts()}
    assert {n: r["reason_code"] for n, r in rejects.items()} == {
        5: "bad_code",
        6: "bad_effective_date",
        7: "deletion_before_effective",
        8: "bad_modifier_indicator",
        9: "field_count",
        12: "bad_deletion_date",
        13: "bad_prior_1996_flag",
    }
    assert rejects[9]["reason"] == "expected 7 tab-separated fields, found 6"
    assert (
        rejects[6]["raw_line"] == "99215\t99213\t\t20251301\t*\t1\tStandards of medical / surgical practice"
    )
    latin = parsed.edits.filter(pl.col("column2") == "27370")["rationale"].item()
    assert latin == "Mutually exclusive proc\u00e9dures"  # byte 0xE9 read as Latin-1
    assert parsed.edits["source_line"].to_list() == [3, 10, 11]


def test_lf_file_and_fast_path_agree_with_the_general_path():
    lf = _ptp(PTP_OPH_TXT, "outpatient")
    assert lf.edits.height == 2 and lf.edits["source_line"].to_list() == [3, 4]
    # the same bytes with a Latin-1 character force the line-by-line path: same edits
    data = PTP_OPH_TXT.read_bytes().replace(b"More extensive", b"More extensiv\xe9")
    slow = parse_ptp(data, "x", "outpatient")
    assert slow.edits.drop("rationale", "source_file").equals(lf.edits.drop("rationale", "source_file"))


def test_mue_header_line_break_and_mai_label_text():
    file = classify(MUE_PRACTITIONER)
    assert file is not None and (file.kind, file.setting, file.quarter) == ("mue", "practitioner", "2025Q4")
    [(source, data)] = list(members(file))
    parsed = parse_mue(data, source, "practitioner", date(2025, 10, 1))
    rows = {r["hcpcs"]: r for r in parsed.rows.to_dicts()}
    assert rows["99213"]["mai"] == 3 and rows["99213"]["mai_text"] == "3 Date of Service Edit: Clinical"
    assert rows["27447"]["mue_value"] == 1 and rows["27447"]["mai"] == 2
    assert rows["G0471"]["mue_value"] == 0
    assert rows["99213"]["source_line"] == 4  # notice row, then a header spanning lines 2-3
    assert rows["97140"]["mue_value"] == 4  # the first of two conflicting rows is kept
    assert parsed.duplicates == 1 and parsed.blank_lines == 1
    reasons = dict(zip(parsed.rejects["line_number"], parsed.rejects["reason_code"], strict=True))
    assert reasons == {9: "bad_code", 10: "bad_mue_value", 11: "bad_mai", 13: "conflicting_duplicate"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "medicare-ncci-2025q4-practitioner-ptp-edits-ccipra-v313r0-f1.zip",
            ("ptp", "2025Q4", "practitioner", 1),
        ),
        ("ccioph-v320r1-f4.TXT", ("ptp", "2026Q1", "outpatient", 4)),
        ("ccipra-v303r0-f2.txt", ("ptp", "2024Q4", "practitioner", 2)),
        ("MCR_MUE_PractitionerServices_Eff_10-01-2025.csv", ("mue", "2025Q4", "practitioner", None)),
        (
            "MCR_MUE_OutpatientHospitalServices_Eff_01-01-2026.csv",
            ("mue", "2026Q1", "outpatient_hospital", None),
        ),
        ("practitionerservicesmuetable-effective-04-01-2025.zip", ("mue", "2025Q2", "practitioner", None)),
        ("MCR_MUE_DMESupplierServices_Eff_07-01-2025.csv", ("mue", "2025Q3", "dme", None)),
    ],
)
def test_quarter_key_from_cms_names(name, expected):
    file = classify(Path(name))
    assert file is not None and (file.kind, file.quarter, file.setting, file.part) == expected


def test_unrelated_names_are_ignored_and_contradictions_refused():
    assert classify(Path("README.md")) is None and classify(Path("PPRRVU2025_Oct.csv")) is None
    with pytest.raises(NcciFileError, match="says 2025Q3 but NCCI version v313 is 2025Q4"):
        classify(Path("medicare-ncci-2025q3-practitioner-ptp-edits-ccipra-v313r0-f1.zip"))


RVU_CSV = Path(__file__).resolve().parents[2] / "raw" / "cms" / "rvu" / "RVU25D" / "PPRRVU2025_Oct.csv"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (RVU_CSV.read_bytes()[:5000], "not an NCCI PTP file: expected an AMA copyright line"),
        (b"Column 1\tColumn 2\n99213\t36415\n", "not an NCCI PTP file"),
        (b"", r"the file starts with '\(empty file\)'"),
        (("\t".join(HEADER) + "\n99213\t36415\t\t20200101\t*\t1\tx\n").encode(), "no AMA copyright line"),
    ],
)
def test_a_file_that_is_not_a_ptp_file_is_refused(data, message):
    with pytest.raises(NcciFileError, match=message):
        parse_ptp(data, "ccipra-v313r0-f3.txt", "practitioner")


def test_mue_refusals_name_the_file_and_the_expected_header(tmp_path):
    data = MUE_PRACTITIONER.read_bytes()
    with pytest.raises(NcciFileError, match="not an NCCI dme MUE table"):
        parse_mue(data, "MCR_MUE_DMESupplierServices_Eff_10-01-2025.csv", "dme", date(2025, 10, 1))
    with pytest.raises(NcciFileError, match="x.csv: not an NCCI practitioner MUE table"):
        parse_mue(RVU_CSV.read_bytes(), "x.csv", "practitioner", date(2025, 10, 1))
    empty_zip = tmp_path / "medicare-ncci-2025q4-practitioner-ptp-edits-ccipra-v313r0-f3.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("license.pdf", b"%PDF")
    with pytest.raises(NcciFileError, match="the zip holds no .txt file"):
        list(members(classify(empty_zip)))


def test_header_with_its_legends_on_the_following_lines_is_read():
    short = "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\tPTP Edit Rationale"
    legends = ["\t\t\t\t*=no data\t0=not allowed\t", "\t\t\t\t\t1=allowed\t", "\t\t\t\t\t9=not applicable\t"]
    edit = "99213\t36415\t\t20200101\t*\t1\tStandards of medical / surgical practice"
    data = "\r\n".join(["CPT copyright 2024 American Medical Association.", short, *legends, edit, ""])
    parsed = parse_ptp(data.encode("latin-1"), "ccipra-v313r0-f1.txt", "practitioner")
    assert parsed.rows_read == 1 and parsed.rejects.is_empty()
    assert parsed.edits["source_line"].to_list() == [6]
