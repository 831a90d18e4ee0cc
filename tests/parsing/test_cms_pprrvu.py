"""PPRRVU parser: real-file quirks (RVU25D CSV/TXT, RVU25A spreadsheet re-save) and row rules."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.parsing.cms_pprrvu import read_pprrvu_csv, read_pprrvu_txt

from .cms_support import RVU25A, RVU25D, release

CSV = RVU25D / "PPRRVU2025_Oct.csv"
REAL_99213 = "99213,,Office o/p est low 20 min,A,,1.30,1.35,,0.57,,0.10,2.75,1.97,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00"
REAL_27447 = "27447,,Total knee arthroplasty,A,,19.60,15.30,NA,15.30,,3.98,38.88,38.88,0,090,0.10,0.69,0.21,2,1,2,1,0,,32.3465,09,0,99,0.00,0.00,0.00"


def preamble() -> bytes:
    return b"\r\n".join(CSV.read_bytes().split(b"\r\n")[:10]) + b"\r\n"


def parse_lines(*lines: str | bytes):
    body = b"".join((x.encode("latin-1") if isinstance(x, str) else x) + b"\r\n" for x in lines)
    table, _ = read_pprrvu_csv(preamble() + body, "PPRRVU_test.csv", "RVU25D")
    return table


def edit(line: str, index: int, value: str) -> str:
    cells = line.split(",")
    cells[index] = value
    return ",".join(cells)


def test_rvu25d_csv_and_txt_give_identical_frames():
    csv = release("RVU25D").tables["rvu"].frame
    txt, meta = read_pprrvu_txt((RVU25D / "PPRRVU2025_Oct.txt").read_bytes(), "PPRRVU2025_Oct.txt", "RVU25D")
    assert txt.format == "txt" and txt.rejects.height == 0 and txt.rows_read == 19090
    assert_frame_equal(txt.frame.drop("source_file", "source_line"), csv.drop("source_file", "source_line"))
    assert meta.year == 2025  # the HDR lines say '2026 American Medical Association': not the year


def test_na_indicator_keeps_the_pe_value():
    rows = release("RVU25D").tables["rvu"].frame.filter(pl.col("hcpcs") == "27447")
    row = rows.row(0, named=True)
    assert (row["pe_nonfacility_na"], row["pe_nonfacility_rvu"]) == (True, Decimal("15.30"))
    assert (row["pe_facility_na"], row["pe_facility_rvu"]) == (False, Decimal("15.30"))
    frame = release("RVU25D").tables["rvu"].frame
    assert frame["pe_nonfacility_na"].sum() == 4064 and frame["pe_facility_na"].sum() == 2530


def test_repeated_header_names_read_by_position():
    row = (
        release("RVU25D")
        .tables["rvu"]
        .frame.filter(pl.col("hcpcs") == "G0105", pl.col("modifier") == "53")
        .row(0, named=True)
    )
    assert row["work_rvu"] == Decimal("1.63") and row["pe_nonfacility_rvu"] == Decimal("3.22")
    assert row["pe_facility_rvu"] == Decimal("0.90") and row["mp_rvu"] == Decimal("0.21")
    assert row["conversion_factor"] == Decimal("32.3465") and row["global_days"] == "000"
    assert row["source_line"] == 14831


def test_rvu25a_spreadsheet_damage_is_restored():
    rvu = release("RVU25A").tables["rvu"]
    frame = rvu.frame
    assert frame.height == 18865 and rvu.rows_read == 18866
    assert set(frame["global_days"].unique()) <= {"000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"}
    assert frame.filter(pl.col("global_days") == "090").height == 3767
    assert frame["phys_supervision"].str.len_chars().unique().to_list() == [2]
    assert frame.filter(pl.col("hcpcs") == "00100").height == 1  # Excel turned it into 100
    assert frame["hcpcs"].str.len_chars().unique().to_list() == [5]


def test_rvu25a_junk_eof_row_is_rejected():
    rejects = release("RVU25A").tables["rvu"].rejects
    assert rejects.height == 1
    row = rejects.row(0, named=True)
    assert row["reason_code"] == "junk_row" and row["line_number"] == 18876
    assert row["raw_line"].startswith("\x1a")


def test_rvu25a_normalised_values_match_rvu25d_where_cms_changed_nothing():
    keys = ["hcpcs", "modifier"]
    a = release("RVU25A").tables["rvu"].frame
    d = release("RVU25D").tables["rvu"].frame
    same = ["status_code", "work_rvu", "pe_nonfacility_rvu", "pe_facility_rvu", "mp_rvu"]
    both = a.join(d, on=keys, suffix="_d").filter(
        pl.all_horizontal(pl.col(c) == pl.col(f"{c}_d") for c in same)
    )
    assert both.height > 18_000
    restored = ["global_days", "phys_supervision", "preop_share", "intraop_share", "postop_share",
                "total_nonfacility_rvu", "total_facility_rvu", "conversion_factor", "diag_imaging_family",
                "endo_base", "opps_pe_nonfacility_rvu", "opps_pe_facility_rvu", "opps_mp_rvu"]  # fmt: skip
    for column in restored:
        left, right = both[column].cast(pl.String), both[f"{column}_d"].cast(pl.String)
        differ = both.filter(left.ne_missing(right))
        # A handful of real CMS policy changes (e.g. 76814 XXX -> ZZZ) between January and October,
        # but never a difference that is only lost zeros.
        assert differ.height <= 5, column
        padded = differ.filter(
            pl.col(column).cast(pl.String).str.strip_chars_start("0")
            == pl.col(f"{column}_d").cast(pl.String).str.strip_chars_start("0")
        )
        assert padded.height == 0, column


def test_latin1_description_is_decoded():
    table = parse_lines(edit(REAL_99213, 2, "Office visit caf\xe9 \xbd hour"))
    assert table.frame["description"].to_list() == ["Office visit café ½ hour"]


def test_spreadsheet_style_values_are_normalised():
    line = edit(edit(edit(REAL_27447, 14, "90"), 25, "9"), 5, "19.6")
    line = edit(edit(line, 0, "100"), 28, "0")
    row = parse_lines(line).frame.row(0, named=True)
    assert (row["hcpcs"], row["global_days"], row["phys_supervision"]) == ("00100", "090", "09")
    assert row["work_rvu"] == Decimal("19.60") and row["opps_pe_nonfacility_rvu"] == Decimal("0.00")


@pytest.mark.parametrize(
    ("line", "code", "mentions"),
    [
        (edit(REAL_99213, 0, "99-13"), "bad_hcpcs", "'99-13'"),
        (edit(REAL_99213, 1, "XYZ"), "bad_modifier", "'XYZ'"),
        (edit(REAL_99213, 3, "Z"), "bad_status", "status_code"),
        (edit(REAL_99213, 5, "1.3O"), "bad_number", "work_rvu"),
        (edit(REAL_99213, 5, "1.305"), "bad_number", "decimal(9,2)"),
        (edit(REAL_99213, 6, "-1.35"), "negative_rvu", "pe_nonfacility_rvu"),
        (edit(REAL_99213, 10, ""), "missing_value", "mp_rvu"),
        (edit(REAL_99213, 11, "9.99"), "total_mismatch", "total_nonfacility_rvu"),
        (edit(REAL_99213, 14, "045"), "bad_indicator", "global_days"),
        (edit(REAL_99213, 7, "YES"), "bad_indicator", "pe_nonfacility_na"),
        (edit(REAL_99213, 24, "0"), "bad_number", "conversion_factor"),
        (REAL_99213 + ",extra", "wrong_column_count", "found 32"),
        (REAL_99213.replace("Office", '"Office'), "bad_quoting", "quote"),
        ("\x1a" + "," * 30, "junk_row", "control"),
    ],
)
def test_row_rules_reject_with_reason(line, code, mentions):
    table = parse_lines(REAL_27447, line)
    assert table.frame["hcpcs"].to_list() == ["27447"]
    assert table.rows_read == 2
    row = table.rejects.row(0, named=True)
    assert (row["reason_code"], row["line_number"], row["source_file"]) == (code, 12, "PPRRVU_test.csv")
    assert mentions in row["reason"]
    assert row["raw_line"] == line


def test_duplicate_key_rejects_the_later_row():
    table = parse_lines(REAL_99213, REAL_27447, REAL_99213)
    assert table.frame.height == 2 and table.rejects["reason_code"].to_list() == ["duplicate_key"]
    assert "first seen on line 11" in table.rejects["reason"][0]


def test_quoted_commas_and_doubled_quotes_are_one_field():
    table = parse_lines(edit(REAL_99213, 2, '"Ext wear, skn barr <=4sq"""'))
    assert table.frame["description"].to_list() == ['Ext wear, skn barr <=4sq"']


def test_blank_and_fully_empty_rows_are_separators_not_read_rows():
    table = parse_lines(REAL_99213, "", "," * 30, " , , ")
    assert (table.rows_read, table.frame.height, table.rejects.height) == (1, 1, 0)


def test_real_rvu25a_file_reads_the_same_through_the_parser_directly():
    data = (RVU25A / "PPRRVU25_JAN1.csv").read_bytes()
    table, meta = read_pprrvu_csv(data, "PPRRVU25_JAN1.csv", "RVU25A")
    assert (meta.year, meta.quarter_letter, str(meta.released_on)) == (2025, "A", "2024-12-23")
    assert_frame_equal(table.frame, release("RVU25A").tables["rvu"].frame)


def test_utf8_bom_resave_is_read():
    data = b"\xef\xbb\xbf" + preamble() + edit(REAL_99213, 2, "Caf\u00e9 visit").encode("utf-8") + b"\r\n"
    table, meta = read_pprrvu_csv(data, "PPRRVU_bom.csv", "RVU25D")
    assert table.frame["description"].to_list() == ["Café visit"] and meta.year == 2025


def test_padded_and_quoted_empty_cells_are_cleaned():
    line = edit(edit(edit(REAL_99213, 7, '""'), 3, " A "), 14, "XXX ")
    row = parse_lines(line).frame.row(0, named=True)
    assert (row["pe_nonfacility_na"], row["status_code"], row["global_days"]) == (False, "A", "XXX")
