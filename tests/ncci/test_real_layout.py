"""The real CMS PTP layout (v32.2, 2026Q3): copyright line, title line, a header wrapped over four lines,
blank trailing cells, CRLF, Latin-1. Fixtures in tests/fixtures/ncci/real_layout/ reproduce it byte for byte."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.ncci.load import load_quarter
from pipelines.parsing.ncci_files import NcciFileError, classify, scan
from pipelines.parsing.ncci_ptp import parse_ptp

from .conftest import FIXTURE_DIR

REAL = FIXTURE_DIR / "real_layout"
F1, F2, OPH = REAL / "ccipra-v322r0-f1.txt", REAL / "ccipra-v322r0-f2.txt", REAL / "ccioph-v322r0-f1.txt"
PREAMBLE = [  # the first six lines of ccipra-v322r0-f1.txt, as CMS publishes them (issue 11)
    b"CPT only copyright 2025 American Medical Association.  All rights reserved.\t\t\t\t\t\t",
    b"Column1/Column2 Edits\t\t\t\t\t\t",
    b"Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale",
    b"\t\tprior to 1996\tDate\tDate\t0=not allowed\t",
    b"\t\t\t\t*=no data\t1=allowed\t",
    b"\t\t\t\t\t9=not applicable\t",
]


def _parse(path: Path):
    file = classify(path)
    assert file is not None and file.kind == "ptp" and file.quarter == "2026Q3"
    return parse_ptp(path.read_bytes(), path.name, file.setting)


def test_fixtures_reproduce_the_real_bytes():
    for path in (F1, F2, OPH):
        raw = path.read_bytes()
        assert raw.endswith(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n")  # CRLF only
        assert raw.split(b"\r\n")[1:6] == PREAMBLE[1:]
    assert F1.read_bytes().split(b"\r\n")[:6] == PREAMBLE
    assert F1.read_bytes().split(b"\r\n")[6] == (
        b"0001A\t0591T\t\t20220101\t20231231\t1\tCPT Manual or CMS manual coding instruction"
    )
    # the variant with the registered mark: Latin-1 byte 0xAE after "CPT" (not UTF-8's C2 AE)
    assert F2.read_bytes().startswith(b"CPT\xae only copyright 2025 American Medical Association.")


@pytest.mark.parametrize("path", [F1, F2, OPH], ids=lambda p: p.name)
def test_real_layout_is_accepted_and_data_starts_after_the_wrapped_header(path):
    parsed = _parse(path)
    assert parsed.rejects.is_empty() and parsed.rows_read == parsed.edits.height > 0
    assert parsed.edits["source_line"][0] == 7  # copyright, title and the four header lines


def test_outpatient_file_uses_the_same_layout():
    file = classify(OPH)
    assert file is not None and file.setting == "outpatient"
    parsed = _parse(OPH)
    assert parsed.edits.select("column1", "column2").rows() == [("99213", "36415"), ("27447", "20610")]


def test_deletion_equal_to_effective_is_loaded():
    edits = _parse(F1).edits
    row = edits.filter(pl.col("column2") == "90473").row(0, named=True)
    assert row["effective_date"] == row["deletion_date"] == date(2022, 1, 1)
    assert row["modifier_indicator"] == 9 and row["source_line"] == 8


def test_a_re_added_pair_keeps_both_rows():
    pair = _parse(F1).edits.filter((pl.col("column1") == "99213") & (pl.col("column2") == "36415"))
    assert pair.select("effective_date", "deletion_date", "modifier_indicator").rows() == [
        (date(1996, 1, 1), date(2023, 12, 31), 1),
        (date(2025, 1, 1), None, 0),
    ]


def _without(lines: range) -> bytes:
    kept = [line for i, line in enumerate(F1.read_bytes().split(b"\r\n")) if i not in lines]
    return b"\r\n".join(kept)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_without(range(2, 6)), "not an NCCI PTP file: expected an AMA copyright line and then the header"),
        (_without(range(3, 6)), "expected an AMA copyright line and then the header"),  # first line only
        (_without(range(0, 1)), "no AMA copyright line before the header"),
    ],
    ids=["header missing", "header not wrapped to its end", "copyright line missing"],
)
def test_a_file_without_the_header_is_refused(data, message):
    with pytest.raises(NcciFileError, match=f"ccipra-v322r0-f1.txt: .*{message}"):
        parse_ptp(data, "ccipra-v322r0-f1.txt", "practitioner")


def test_blank_trailing_cells_on_a_data_line_are_not_fields():
    data = F1.read_bytes().replace(b"coding instruction\r\n", b"coding instruction\t\t\r\n", 1)
    parsed = parse_ptp(data, "ccipra-v322r0-f1.txt", "practitioner")
    assert parsed.rejects.is_empty() and parsed.edits.height == 6
    assert parsed.edits["rationale"][0] == "CPT Manual or CMS manual coding instruction"


@pytest.fixture
def conn(tmp_path: Path):
    files, _ = scan(REAL)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as connection:
        load_quarter(connection, files, "ptp", "2026Q3", REAL)
        yield connection


def _active(conn, column1: str, column2: str, on: date) -> list[tuple]:
    return conn.execute(
        "select effective_date, modifier_indicator from ncci_ptp where setting = 'practitioner' "
        "and column1 = $1 and column2 = $2 and ncci_is_active(effective_date, deletion_date, $3)",
        [column1, column2, on],
    ).fetchall()


def test_loaded_quarter_counts_and_the_active_rule(conn):
    assert conn.execute("select setting, count(*) from ncci_ptp group by 1 order by 1").fetchall() == [
        ("outpatient", 2),
        ("practitioner", 9),
    ]
    # the edit that never took effect: loaded, never active (not even on its one date)
    assert _active(conn, "0001A", "90473", date(2022, 1, 1)) == []
    assert _active(conn, "0001A", "0591T", date(2023, 12, 31)) == [(date(2022, 1, 1), 1)]
    # the re-added pair: the row whose [effective, deletion] covers the date, none in the gap
    assert _active(conn, "99213", "36415", date(2023, 6, 1)) == [(date(1996, 1, 1), 1)]
    assert _active(conn, "99213", "36415", date(2024, 6, 1)) == []
    assert _active(conn, "99213", "36415", date(2026, 7, 1)) == [(date(2025, 1, 1), 0)]
