"""The native checks and the missing-table rule on a small tmp warehouse: each passes and fails.

The decorated checks only open the run's warehouse copy and call these (end to end: test_rvu_pipeline)."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from pipelines.defs.rvu import checks

from .helpers import release_params, rvu_frame, warehouse_with


def _counts(rows: int, rejected: int = 0) -> str:
    return json.dumps(
        {"rvu": {"file": "PPRRVU.csv", "read": rows, "loaded": rows - rejected, "rejected": rejected}}
    )


@pytest.fixture
def conn(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as connection:
        yield connection


def _fill(conn, a_rows: int, d_rows: int, d_counts: str, missing: list[str]) -> None:
    codes = [f"{n:05d}" for n in range(max(a_rows, d_rows))]
    frame = rvu_frame(
        *[{"release_id": "RVU25A", "hcpcs": c} for c in codes[:a_rows]],
        *[{"release_id": "RVU25D", "hcpcs": c} for c in codes[:d_rows]],
    )
    releases = [
        release_params("RVU25A", date(2025, 1, 1), row_counts=_counts(a_rows)),
        release_params("RVU25D", date(2025, 10, 1), row_counts=d_counts, missing_tables=missing),
    ]
    warehouse_with(conn, releases, frame)


@pytest.mark.parametrize(("d_rows", "passed"), [(105, True), (111, False), (89, False)])
def test_row_count_change_is_bounded(conn, d_rows, passed):
    _fill(conn, 100, d_rows, _counts(d_rows), [])
    evaluation = checks.row_count_change_result(conn, "RVU25D")
    assert evaluation.passed is passed
    assert evaluation.metadata["previous_release"].value == "RVU25A"
    assert evaluation.metadata["change"].value == f"{(d_rows - 100) / 100:+.2%}"


def test_the_first_release_has_nothing_to_compare_with(conn):
    _fill(conn, 100, 100, _counts(100), [])
    evaluation = checks.row_count_change_result(conn, "RVU25A")
    assert evaluation.passed and evaluation.metadata["note"].value == "first release"


@pytest.mark.parametrize(
    ("d_counts", "passed"),
    [(_counts(20), True), (_counts(20, rejected=1), False), (_counts(21), False)],
)
def test_reconcile_compares_recorded_counts_with_the_tables(conn, d_counts, passed):
    _fill(conn, 20, 20, d_counts, [])
    evaluation = checks.reconcile_result(conn, "RVU25D")
    assert evaluation.passed is passed
    assert bool(evaluation.metadata["mismatches"].value) is not passed


@pytest.mark.parametrize(("missing", "passed"), [(["gpci"], True), ([], False)])
def test_an_empty_table_passes_only_when_the_release_lacks_its_file(conn, missing, passed):
    _fill(conn, 20, 20, _counts(20), missing)
    evaluation = checks.suite_result(conn, "gpci", "RVU25D")
    assert evaluation.passed is passed
    if passed:
        assert evaluation.metadata["note"].value == "release RVU25D has no gpci file"
    else:
        assert evaluation.metadata["failed_expectations"].value >= 1
