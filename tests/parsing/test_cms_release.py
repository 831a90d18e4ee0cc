"""Release-level tests on the real CMS releases: identity, files, table shapes, zip == folder."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.lib.paths import SQL_DIR
from pipelines.parsing.cms_rvu import SCHEMAS, read_release, release_id_from_name, release_variants

from .cms_support import RVU25A, RVU25D, census, copy_release, release, zip_folder

# json columns are their text in Polars
_TYPES = {"varchar": pl.String, "json": pl.String, "boolean": pl.Boolean, "integer": pl.Int32}


def ddl_schema(table: str) -> pl.Schema:
    """Columns and types of sql/tables/<table>.sql, in order."""
    columns = {}
    for line in (SQL_DIR / "tables" / f"{table}.sql").read_text().splitlines():
        match = re.match(r"^\s+(\w+) (varchar|json|boolean|integer|decimal\((\d+), (\d+)\))", line)
        if match and match.group(1) != "primary":
            kind = match.group(2)
            columns[match.group(1)] = (
                pl.Decimal(int(match.group(3)), int(match.group(4)))
                if kind.startswith("decimal")
                else _TYPES[kind]
            )
    return pl.Schema(columns)


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_frames_match_the_sql_schema_exactly(table):
    assert SCHEMAS[table] == ddl_schema(table)
    parsed = release("RVU25D").tables[table]
    assert parsed.frame.schema == ddl_schema(table)
    assert parsed.rejects.columns == ["source_file", "line_number", "raw_line", "reason_code", "reason"]


@pytest.mark.parametrize(
    ("name", "year", "quarter", "released", "effective", "month", "rows", "missing"),
    [
        ("RVU25D", 2025, "D", date(2025, 9, 11), date(2025, 10, 1), "October", 19090, []),
        ("RVU25A", 2025, "A", date(2024, 12, 23), date(2025, 1, 1), "January", 18865,
         ["gpci", "locality_county", "anesthesia_cf", "opps_cap"]),
    ],
)  # fmt: skip
def test_real_release_identity_and_counts(name, year, quarter, released, effective, month, rows, missing):
    parsed = release(name)
    assert (parsed.release_id, parsed.year, parsed.quarter_letter) == (name, year, quarter)
    assert parsed.released_on == released  # from 'RELEASED mm/dd/yyyy' in the preamble
    assert parsed.effective_from == effective
    assert parsed.is_correction is False
    assert parsed.title == f"{year} National Physician Fee Schedule Relative Value File {month} Release"
    assert parsed.tables["rvu"].frame.height == rows
    assert parsed.missing == missing
    assert parsed.tables["rvu"].frame["release_id"].unique().to_list() == [name]


def test_every_file_is_listed_with_its_sha256():
    parsed = release("RVU25D")
    assert [f.name for f in parsed.files] == sorted(p.name for p in RVU25D.iterdir())
    for file in parsed.files:
        data = (RVU25D / file.name).read_bytes()
        assert (file.sha256, file.bytes) == (hashlib.sha256(data).hexdigest(), len(data))
    assert any(f.name == "RVU25D.pdf" for f in parsed.files)


@pytest.mark.parametrize("name", ["RVU25D", "RVU25A"])
def test_rows_read_reconcile_for_every_table(name):
    for table in release(name).tables.values():
        assert table.rows_read == table.frame.height + table.rejects.height, table.name
        assert table.format == "csv"


def test_rvu25d_expected_table_sizes():
    tables = release("RVU25D").tables
    sizes = {name: (t.frame.height, t.rejects.height) for name, t in tables.items()}
    assert sizes == {
        "rvu": (19090, 0),
        "gpci": (109, 0),
        "locality_county": (208, 1),  # the MO rest-of-state line is printed twice
        "anesthesia_cf": (109, 0),
        "opps_cap": (16100, 0),
    }


def test_zip_and_folder_give_identical_tables(tmp_path):
    archive = zip_folder(RVU25D, tmp_path / "rvu25d.zip")
    from_zip = read_release(archive, census=census())
    assert from_zip.release_id == "RVU25D"
    assert from_zip.source == str(archive)
    assert [f.sha256 for f in from_zip.files] == [f.sha256 for f in release("RVU25D").files]
    for name, table in release("RVU25D").tables.items():
        assert_frame_equal(from_zip.tables[name].frame, table.frame)


def test_csv_missing_falls_back_to_txt(tmp_path):
    txt_only = [p.name for p in RVU25D.iterdir() if not p.name.endswith(".csv")]
    parsed = read_release(copy_release(RVU25D, tmp_path / "RVU25D", txt_only), census=census())
    assert {n: t.format for n, t in parsed.tables.items()} == dict.fromkeys(parsed.tables, "txt")
    assert parsed.released_on is None  # the TXT has no RELEASED line
    assert (parsed.year, parsed.quarter_letter) == (
        2025,
        "D",
    )  # from PPRRVU2025_Oct.txt, not the HDR copyright
    for name in ("rvu", "gpci", "opps_cap"):
        csv = release("RVU25D").tables[name].frame.drop("source_file", "source_line")
        assert_frame_equal(parsed.tables[name].frame.drop("source_file", "source_line"), csv)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rvu25d.zip", "RVU25D"),
        ("RVU25D", "RVU25D"),
        ("RVU25AR", "RVU25AR"),
        ("rvu25ar.zip", "RVU25AR"),
        ("RVU26A_QPP", "RVU26A_QPP"),
        ("rvu26a_nonqpp", "RVU26A_NONQPP"),
        ("RVU26A-nonQPP.zip", "RVU26A_NONQPP"),
        ("raw/cms/rvu/RVU25B", "RVU25B"),
        ("RVU25E", None),
        ("PPRRVU2025_Oct.csv", None),
        ("rvu25d_0", None),
        ("GPCI2025.csv", None),
    ],
)
def test_release_id_from_name(name, expected):
    assert release_id_from_name(name) == expected


def test_correction_release_id_keeps_its_quarter(tmp_path):
    folder = copy_release(RVU25A, tmp_path / "RVU25AR", ["PPRRVU25_JAN1.csv"])
    parsed = read_release(folder)
    assert (parsed.release_id, parsed.quarter_letter, parsed.is_correction) == ("RVU25AR", "A", True)
    assert parsed.effective_from == date(2025, 1, 1)


def _qpp_release(tmp_path):
    """A 2026-style release: the RVU25D PPRRVU re-titled as 2026 January, as QPP and nonQPP files."""
    text = (RVU25D / "PPRRVU2025_Oct.csv").read_bytes().replace(b"2025 National", b"2026 National", 1)
    text = text.replace(b"October Release", b"January Release", 1)
    folder = copy_release(RVU25D, tmp_path / "RVU26A", ["GPCI2025.csv"])
    (folder / "PPRRVU2026_Jan_QPP.csv").write_bytes(text)
    (folder / "PPRRVU2026_Jan_nonQPP.csv").write_bytes(text.replace(b"32.3465", b"32.1000"))
    return folder


def test_qpp_variants_are_separate_release_ids(tmp_path):
    folder = _qpp_release(tmp_path)
    assert release_variants(folder) == ["RVU26A_NONQPP", "RVU26A_QPP"]
    qpp = read_release(folder, "RVU26A_QPP")
    non = read_release(folder, "RVU26A_NONQPP")
    assert qpp.tables["rvu"].source.name == "PPRRVU2026_Jan_QPP.csv"
    assert non.tables["rvu"].source.name == "PPRRVU2026_Jan_nonQPP.csv"
    assert non.tables["rvu"].frame["conversion_factor"].cast(pl.Float64).unique().to_list() == [32.1]
    assert (qpp.year, qpp.quarter_letter, qpp.release_id) == (2026, "A", "RVU26A_QPP")
    assert qpp.tables["gpci"].frame["release_id"].unique().to_list() == ["RVU26A_QPP"]


def test_release_variants_of_a_plain_release():
    assert release_variants(RVU25D) == ["RVU25D"]
