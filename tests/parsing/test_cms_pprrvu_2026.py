"""The CY2026 PPRRVU layout: the real header lines of PPRRVU2026_Jul_nonQPP.csv (issue 18, CRLF,
Latin-1, 32 columns with PRIC IND after TEAM SURG) read by name, both tracks, layout changes.

The 2026 rows are the layout fixture (tests/fixtures/rvu26/build.py: RVU25D rows in the 2026
layout), never CMS's 2026 values; the one real 2026 data row is the issue's 00100 row.
"""

from __future__ import annotations

import json
from decimal import Decimal

import polars as pl
import pytest

from pipelines.lib.paths import REPO_ROOT
from pipelines.parsing.cms_pprrvu import read_pprrvu_csv
from pipelines.parsing.cms_pprrvu_header import NAMES, header_block, header_names
from pipelines.parsing.cms_rvu import NotACmsRelease, read_release, release_variants
from pipelines.parsing.cms_tables import read_gpci

from .cms_support import RVU25D, copy_release, release

# The issue's 10 lines, as quoted (the fixture file must hold exactly these, CRLF-terminated).
ISSUE_LINES = [
    ",,2026 National Physician Fee Schedule Relative Value File July Release,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
    ",,CPT codes and descriptions only are copyright 2026 American Medical Association. All Rights Reserved."
    " Applicable FARS/DFARS Apply.,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
    ",,Dental codes (D codes) are copyright 2026 American Dental Association. All Rights Reserved.,,,,,,,,,,,,,"
    ",,,,,,,,,,,,,,,,",
    ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
    ",,RELEASED 06/30/2026,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
    ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,NON-FACILITY,FACILITY,",
    ",,,,NOT USED,,,,,,,,,,,,,,,,,,,,,,PHYSICIAN,,DIAGNOSTIC,PE USED,PE USED,MP USED",
    ",,,,FOR,,,NON-FAC,,FACILITY,,,,,,,,,,,,,,,,,SUPERVISION OF,,IMAGING,FOR OPPS,FOR OPPS,FOR OPPS",
    ",,,STATUS,MEDICARE,WORK,NON-FAC,NA,FACILITY,NA,MP,NON-FACILITY,FACILITY,PCTC,GLOB,PRE,INTRA,POST,MULT,"
    "BILAT,ASST,CO-,TEAM,PRIC,ENDO,CONV,DIAGNOSTIC,CALCULATION,FAMILY,PAYMENT,PAYMENT,PAYMENT",
    "HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU,TOTAL,TOTAL,IND,DAYS,OP,OP,"
    "OP,PROC,SURG,SURG,SURG,SURG,IND,BASE,FACTOR,PROCEDURES,FLAG,INDICATOR,AMOUNT,AMOUNT,AMOUNT",
]
# The issue's example row (description elided there; RVU25D's wording for 00100 here).
REAL_00100 = (
    "00100,,Anesth salivary gland,J,,0.00,0.00,,0.00,,0.00,0.00,0.00,9,XXX,0.00,0.00,0.00,9,9,9,9,9,9,,"
    "33.4009,09,0,99,0.00,0.00,0.00"
)
NAMES_2026 = [
    "HCPCS", "MOD", "DESCRIPTION", "STATUS CODE", "NOT USED FOR MEDICARE PAYMENT", "WORK RVU",
    "NON-FAC PE RVU", "NON-FAC NA INDICATOR", "FACILITY PE RVU", "FACILITY NA INDICATOR", "MP RVU",
    "NON-FACILITY TOTAL", "FACILITY TOTAL", "PCTC IND", "GLOB DAYS", "PRE OP", "INTRA OP", "POST OP",
    "MULT PROC", "BILAT SURG", "ASST SURG", "CO-SURG", "TEAM SURG", "PRIC IND", "ENDO BASE", "CONV FACTOR",
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES", "CALCULATION FLAG", "DIAGNOSTIC IMAGING FAMILY INDICATOR",
    "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT", "FACILITY PE USED FOR OPPS PAYMENT AMOUNT",
    "MP USED FOR OPPS PAYMENT AMOUNT",
]  # fmt: skip
NAME = "PPRRVU2026_Jul_nonQPP.csv"


@pytest.fixture(scope="module")
def header(rvu26_layout) -> bytes:
    """The fixture's header file: the real 10 lines of PPRRVU2026_Jul_nonQPP.csv."""
    return rvu26_layout.HEADER.read_bytes()


def parse(head: bytes, *rows: str, name: str = NAME, release_id: str = "RVU26C_NONQPP"):
    body = b"".join(row.encode("latin-1") + b"\r\n" for row in rows)
    return read_pprrvu_csv(head + body, name, release_id)


def test_fixture_header_is_the_issue_text_byte_for_byte(header):
    data = header
    assert data == ("\r\n".join(ISSUE_LINES) + "\r\n").encode("latin-1")
    assert data.count(b"\r\n") == 10 and b"\n" not in data.replace(b"\r\n", b"")
    assert all(line.count(",") == 31 for line in data.decode("latin-1").split("\r\n")[:10])


def test_wrapped_header_names_2026_and_2025(header):
    lines = header.decode("latin-1").split("\r\n")
    assert header_names(header_block(lines, 9), NAME) == NAMES_2026
    lines_2025 = (RVU25D / "PPRRVU2025_Oct.csv").read_bytes().decode("latin-1").split("\r\n")
    # 2025: the same names without PRIC IND (its header cells carry stray blanks: 'MEDICARE ', ' ')
    assert header_names(header_block(lines_2025, 9), "PPRRVU2025_Oct.csv") == [
        n for n in NAMES_2026 if n != "PRIC IND"
    ]
    assert set(NAMES_2026) == set(NAMES)


def test_real_2026_row_reads_every_field_by_name(header):
    table, meta = parse(header, REAL_00100)
    assert (meta.year, meta.quarter_letter, str(meta.released_on)) == (2026, "C", "2026-06-30")
    assert meta.title == "2026 National Physician Fee Schedule Relative Value File July Release"
    assert table.rows_read == 1 and table.rejects.height == 0
    row = table.frame.row(0, named=True)
    assert row["team_surg_indicator"] == "9" and row["pricing_indicator"] == "9"
    assert row["endo_base"] is None and row["conversion_factor"] == Decimal("33.4009")
    assert (row["phys_supervision"], row["calculation_flag"], row["diag_imaging_family"]) == ("09", "0", "99")
    assert row["opps_mp_rvu"] == Decimal("0.00") and row["extra_columns"] is None
    assert row["source_line"] == 11 and row["status_code"] == "J"


def test_latin1_description_in_the_2026_layout(header):
    table, _ = parse(header, REAL_00100.replace("Anesth salivary gland", "Anesth caf\xe9 \xbd gland"))
    assert table.frame["description"].to_list() == ["Anesth café ½ gland"]


def test_a_31_column_row_under_the_32_column_header_is_rejected_not_shifted(header):
    row_2025 = next(
        line
        for line in (RVU25D / "PPRRVU2025_Oct.csv").read_text(encoding="latin-1").splitlines()
        if line.startswith("99213,,")
    )
    table, _ = parse(header, REAL_00100, row_2025)
    assert table.frame["hcpcs"].to_list() == ["00100"]
    assert table.rejects.select("line_number", "reason_code", "reason").rows() == [
        (12, "wrong_column_count", "expected 32 comma-separated fields, found 31")
    ]


def test_both_tracks_load_with_their_own_conversion_factor(tmp_path, rvu26_layout):
    folder = rvu26_layout.build(tmp_path)
    assert release_variants(folder) == ["RVU26C_NONQPP", "RVU26C_QPP"]
    for release_id, cf, file in (
        ("RVU26C_NONQPP", "33.4009", "PPRRVU2026_Jul_nonQPP.LAYOUT-FIXTURE.csv"),
        ("RVU26C_QPP", "33.5675", "PPRRVU2026_Jul_QPP.LAYOUT-FIXTURE.csv"),
    ):
        parsed = read_release(folder, release_id)
        rvu = parsed.tables["rvu"]
        assert (parsed.release_id, parsed.year, parsed.quarter_letter) == (release_id, 2026, "C")
        assert str(parsed.released_on) == "2026-06-30" and str(parsed.effective_from) == "2026-07-01"
        assert rvu.source.name == file and rvu.rows_read == 19090 and rvu.rejects.height == 0
        assert rvu.frame["conversion_factor"].unique().to_list() == [Decimal(cf)]
        assert rvu.frame["pricing_indicator"].unique().to_list() == ["9"]
        assert parsed.tables["gpci"].source.name == "GPCI2026.csv"
        assert parsed.missing == ["locality_county", "anesthesia_cf", "opps_cap"]


def test_the_qpp_conversion_factor_is_read_from_its_file(tmp_path, rvu26_layout):
    folder = rvu26_layout.build(tmp_path, qpp_cf="40.1234")
    rvu = read_release(folder, "RVU26C_QPP").tables["rvu"].frame
    assert rvu["conversion_factor"].unique().to_list() == [Decimal("40.1234")]


def test_2026_fixture_rows_match_rvu25d_apart_from_cf_and_pric_ind(tmp_path, rvu26_layout):
    folder = rvu26_layout.build(tmp_path)
    new = read_release(folder, "RVU26C_NONQPP").tables["rvu"].frame
    old = release("RVU25D").tables["rvu"].frame
    keep = [c for c in old.columns if c not in ("release_id", "source_file", "conversion_factor")]
    assert new.select(keep).drop("pricing_indicator").equals(old.select(keep).drop("pricing_indicator"))
    assert old["pricing_indicator"].null_count() == old.height  # the 2025 layout has no PRIC IND


def _insert_column(head: bytes, at: int, cells: list[str]) -> bytes:
    """The header with one more column at 0-based ``at``: ``cells`` are its last len(cells) rows' text."""
    lines = head.decode("latin-1").split("\r\n")[:10]
    padded = [""] * (10 - len(cells)) + cells
    out = []
    for line, cell in zip(lines, padded, strict=True):
        parts = line.split(",")
        parts.insert(at, cell)
        out.append(",".join(parts))
    return ("\r\n".join(out) + "\r\n").encode("latin-1")


def test_a_future_added_column_shifts_nothing_and_is_kept_by_name(header):
    head = _insert_column(header, 5, ["SITE", "NEUTRAL", "IND"])
    cells = REAL_00100.split(",")
    cells.insert(5, "Y")
    table, _ = parse(head, ",".join(cells))
    reference, _ = parse(header, REAL_00100)
    assert table.rejects.height == 0
    assert table.frame.drop("extra_columns").equals(reference.frame.drop("extra_columns"))
    assert json.loads(table.frame["extra_columns"].item()) == {"SITE NEUTRAL IND": "Y"}


def test_a_needed_column_missing_is_refused_by_name(header):
    lines = header.decode("latin-1").split("\r\n")[:10]
    at = NAMES_2026.index("CONV FACTOR")
    head = "\r\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != at) for line in lines)
    row = ",".join(c for i, c in enumerate(REAL_00100.split(",")) if i != at)
    with pytest.raises(NotACmsRelease) as info:
        parse((head + "\r\n").encode("latin-1"), row)
    message = str(info.value)
    assert message.startswith(f"{NAME}: not a CMS RVU release file")
    assert "no column named 'CONV FACTOR' (conversion_factor) in the header ending on line 10" in message


def test_without_pric_ind_the_column_is_null_and_not_required():
    # the 2025 layout (RVU25D) loads: pricing_indicator is optional, every other column is needed
    frame = release("RVU25D").tables["rvu"].frame
    assert frame.height == 19090 and frame["pricing_indicator"].null_count() == 19090


def test_a_column_named_twice_is_refused(header):
    lines = header.decode("latin-1").split("\r\n")
    lines[5] = lines[5] + "FACILITY"  # last column: FACILITY / PE USED (was MP USED) / FOR OPPS ...
    lines[6] = lines[6].removesuffix("MP USED") + "PE USED"
    with pytest.raises(NotACmsRelease) as info:
        parse("\r\n".join(lines).encode("latin-1"), REAL_00100)
    assert "one PPRRVU column named 'FACILITY PE USED FOR OPPS PAYMENT AMOUNT'" in str(info.value)
    assert "columns 31 and 32" in str(info.value)


def test_txt_only_2026_release_is_refused_naming_the_file(tmp_path):
    txt = (RVU25D / "PPRRVU2025_Oct.txt").read_bytes()
    folder = copy_release(RVU25D, tmp_path / "RVU26C", ["GPCI2025.csv"])
    (folder / "PPRRVU2026_Jul_nonQPP.txt").write_bytes(txt)
    with pytest.raises(NotACmsRelease) as info:
        read_release(folder, "RVU26C_NONQPP")
    message = str(info.value)
    assert message.startswith("PPRRVU2026_Jul_nonQPP.txt: the CY2026 release has no PPRRVU CSV")
    assert "land the release with its PPRRVU*.csv" in message


def test_2026_release_with_csv_and_txt_reads_the_csv(tmp_path, rvu26_layout):
    folder = rvu26_layout.build(tmp_path)
    (folder / "PPRRVU2026_Jul_nonQPP.txt").write_bytes((RVU25D / "PPRRVU2025_Oct.txt").read_bytes())
    rvu = read_release(folder, "RVU26C_NONQPP").tables["rvu"]
    assert rvu.format == "csv" and rvu.source.name.endswith("LAYOUT-FIXTURE.csv")
    assert rvu.frame.filter(pl.col("hcpcs") == "99213")["conversion_factor"].item() == Decimal("33.4009")


def test_real_gpci2026_reads_with_its_starred_work_header():
    """raw/cms/gpci/GPCI2026.csv (the real CY2026 file): header `2026 PW GPCI (with 1.0 Floor)***`,
    footnotes after the data (the *** note on the extended 1.0 work floor) are not rows."""
    data = (REPO_ROOT / "raw" / "cms" / "gpci" / "GPCI2026.csv").read_bytes()
    table = read_gpci(data, "GPCI2026.csv", "RVU26C_NONQPP", "csv")
    assert (table.rows_read, table.frame.height, table.rejects.height) == (109, 109, 0)
    rows = {(r["mac"], r["locality"]): r for r in table.frame.iter_rows(named=True)}
    alabama, alaska = rows[("10112", "00")], rows[("02102", "01")]
    assert (alabama["work_gpci"], alabama["pe_gpci"], alabama["mp_gpci"]) == (
        Decimal("1.000"),
        Decimal("0.875"),
        Decimal("0.566"),
    )
    assert alaska["locality_name"] == "ALASKA" and alaska["work_gpci"] == Decimal("1.500")
    assert min(r["work_gpci"] for r in rows.values()) == Decimal("1.000")  # the extended 1.0 floor


def test_a_file_resaved_with_every_cell_quoted_reads_the_same(header):
    """A re-save that quotes every cell (header rows and data rows) reads by the same names."""

    def quoted(line: str) -> str:
        return ",".join(f'"{cell}"' for cell in line.split(","))

    lines = header.decode("latin-1").split("\r\n")[:10]
    head = ("\r\n".join(quoted(line) for line in lines) + "\r\n").encode("latin-1")
    table, meta = parse(head, quoted(REAL_00100))
    reference, _ = parse(header, REAL_00100)
    assert (meta.year, meta.quarter_letter, str(meta.released_on)) == (2026, "C", "2026-06-30")
    assert meta.title == "2026 National Physician Fee Schedule Relative Value File July Release"
    assert table.rejects.height == 0
    assert table.frame.drop("source_file").equals(reference.frame.drop("source_file"))
