"""The NCCI SQL (load, active rule, per-code view) on a tmp DuckDB loaded with the fixture quarter."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import jsonschema
import pytest

from pipelines.defs.ncci.landing import scan
from pipelines.lib.paths import CODE_PAGE_SCHEMA
from pipelines.ncci.load import ensure_ncci_objects, load_quarter

from .conftest import FIXTURE_DIR


def _load(conn: duckdb.DuckDBPyConnection, quarter: str = "2025Q4") -> None:
    """The fixture quarter 2025Q4, or the real-layout fixture 2026Q3 (PTP only)."""
    files, _ = scan(FIXTURE_DIR)
    for kind in ("ptp", "mue"):
        load_quarter(conn, files, kind, quarter, FIXTURE_DIR)


@pytest.fixture
def conn(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as connection:
        _load(connection)
        yield connection


def _one(conn, sql: str, params=None):
    return conn.execute(sql, params or []).fetchone()


def test_load_counts_reconcile_and_rejects_are_recorded(conn):
    assert conn.execute("select setting, count(*) from ncci_ptp group by all order by 1").fetchall() == [
        ("outpatient", 2),
        ("practitioner", 9),
    ]
    assert _one(conn, "select count(*) from ncci_mue") == (9,)
    reasons = dict(conn.execute("select reason_code, count(*) from rejected_rows group by all").fetchall())
    assert reasons["ptp.conflicting_duplicate"] == 1 and reasons["mue.bad_mai"] == 1
    assert sum(n for r, n in reasons.items() if r.startswith("ptp.")) == 8
    assert sum(n for r, n in reasons.items() if r.startswith("mue.")) == 4
    read, loaded, rejected, dup = _one(
        conn,
        "select sum(rows_read), sum(rows_loaded), sum(rows_rejected), sum(rows_duplicate) from ncci_files",
    )
    assert (read, loaded, rejected, dup) == (34, 20, 12, 2)
    label = _one(conn, "select modifier_label from ncci_ptp where modifier_indicator = 0 limit 1")
    assert label == ("No modifier allowed",)


def test_reload_replaces_the_quarter_and_keeps_other_kinds(conn):
    before = conn.execute("select count(*) from rejected_rows").fetchone()
    _load(conn)
    assert _one(conn, "select count(*) from ncci_ptp") == (11,)
    assert conn.execute("select count(*) from rejected_rows").fetchone() == before
    assert _one(conn, "select count(*) from ncci_files") == (6,)


@pytest.mark.parametrize(
    ("effective", "deletion", "on", "active"),
    [
        (date(2020, 1, 1), None, date(2025, 10, 1), True),  # '*' = no deletion date
        (date(2020, 1, 1), date(2024, 9, 30), date(2024, 9, 30), True),  # the deletion date itself
        (date(2020, 1, 1), date(2024, 9, 30), date(2024, 10, 1), False),
        (date(2025, 10, 1), None, date(2025, 9, 30), False),  # not yet effective
        (date(2020, 1, 1), date(2020, 1, 1), date(2020, 1, 1), False),  # deletion = effective: never active
    ],
)
def test_active_on_date_rule(conn, effective, deletion, on, active):
    assert _one(conn, "select ncci_is_active($1, $2, $3)", [effective, deletion, on]) == (active,)


def _code(conn, hcpcs: str) -> dict:
    cursor = conn.execute("select * from ncci_code_edits where hcpcs = $1", [hcpcs])
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    return dict(zip(names, row, strict=True)) if row else {}


def test_code_view_lists_active_edits_both_ways_and_the_mue(conn):
    row = _code(conn, "99213")
    assert row["version"] == "2025Q4 practitioner"
    as1 = [(e["column2"], e["modifier_indicator"], e["effective_date"]) for e in row["ptp_as_column1"]]
    # 96372's 2015 window ended 2024-09-30 and 97140 was deleted in 2020 (indicator 9): not shown
    assert as1 == [
        ("36415", 1, date(1996, 1, 1)),
        ("96372", 1, date(2024, 10, 1)),
        ("99211", 0, date(2010, 1, 1)),
    ]
    assert [(e["column1"], e["modifier_label"]) for e in row["ptp_as_column2"]] == [
        ("99214", "Modifier allowed")
    ]
    assert row["mue"] == {
        "value": 1,
        "adjudication_indicator": 3,
        "adjudication_label": "Date of service edit: clinical",
        "rationale": "Clinical: Data",
    }
    knee = _code(conn, "27447")  # practitioner only: the outpatient edit (indicator 0) is not mixed in
    assert [(e["column2"], e["modifier_indicator"]) for e in knee["ptp_as_column1"]] == [
        ("20610", 1),
        ("27370", 1),
    ]
    mue_only = _code(conn, "G0471")
    assert mue_only["ptp_as_column1"] == [] and mue_only["mue"]["value"] == 0


def test_code_view_rows_fit_the_code_page_contract(conn):
    schema = json.loads(CODE_PAGE_SCHEMA.read_text())
    ncci_schema = schema["properties"]["ncci"]
    cursor = conn.execute("select * exclude (hcpcs, quarter) from ncci_code_edits")
    names = [d[0] for d in cursor.description]
    for row in cursor.fetchall():
        document = json.loads(json.dumps(dict(zip(names, row, strict=True)), default=str))
        # the export adds the totals and the companion file's path (pipelines/export/documents.py)
        document |= {
            "ptp_as_column1_total": len(document["ptp_as_column1"]),
            "ptp_as_column2_total": len(document["ptp_as_column2"]),
            "edits_file": None,
        }
        jsonschema.validate(document, ncci_schema)


def test_history_is_kept_and_the_view_shows_the_latest_quarter(conn):
    _load(conn, quarter="2026Q3")
    assert conn.execute("select quarter, count(*) from ncci_ptp group by 1 order by 1").fetchall() == [
        ("2025Q4", 11),
        ("2026Q3", 11),
    ]
    assert _one(conn, "select quarter, quarter_start, quarter_end from ncci_latest") == (
        "2026Q3",
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    assert _code(conn, "99213")["version"] == "2026Q3 practitioner"


def test_no_quarter_loaded_means_an_empty_view(tmp_path):
    with duckdb.connect(str(tmp_path / "empty.duckdb")) as empty:
        ensure_ncci_objects(empty)
        assert _one(empty, "select count(*) from ncci_code_edits") == (0,)
        assert _one(empty, "select count(*) from ncci_latest") == (0,)
        assert _one(empty, "select count(*) from ncci_indicator_labels") == (6,)
