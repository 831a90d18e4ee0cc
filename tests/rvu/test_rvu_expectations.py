"""The GX suites pass on the real releases and every expectation in them fails on a broken frame."""

from __future__ import annotations

import json
from typing import Any

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipelines.defs.rvu.checks import release_rows
from pipelines.lib.gx import check_result, suite_spec, validate

TABLES = ("rvu", "gpci", "locality_county", "anesthesia_cf", "opps_cap")
TABLE_LEVEL = {"expect_table_row_count_to_be_between"}


@pytest.fixture(scope="module")
def frames(releases_db) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(releases_db), read_only=True) as conn:
        return {t: pl.from_arrow(release_rows(conn, t, "RVU25D")) for t in TABLES}


def _set(frame: pl.DataFrame, row: int, column: str, value: Any) -> pl.DataFrame:
    target = pl.int_range(pl.len()) == row
    literal = pl.lit(value, dtype=frame.schema[column])
    return frame.with_columns(pl.when(target).then(literal).otherwise(pl.col(column)).alias(column))


def _break(frame: pl.DataFrame, row: int, exp: dict[str, Any]) -> pl.DataFrame:
    """``frame`` with row ``row`` (or the whole column) changed so that expectation ``exp`` fails."""
    kind, kw = exp["type"], exp["kwargs"]
    column = kw.get("column")
    if "row_condition" in kw:  # break the row-th row the condition selects
        row = int(frame.to_pandas().query(kw["row_condition"]).index[row])
    if kind in ("expect_column_values_to_match_regex", "expect_column_values_to_be_in_set"):
        return _set(frame, row, column, "!!")
    if kind == "expect_column_values_to_not_be_null":
        return _set(frame, row, column, None)
    if kind == "expect_column_values_to_be_between":
        value = kw["max_value"] + 1 if "max_value" in kw else kw["min_value"] - 1
        return _set(frame, row, column, value)
    if kind == "expect_compound_columns_to_be_unique":
        return pl.concat([frame, frame.slice(row, 1)])
    if kind == "expect_column_unique_value_count_to_be_between":
        if kw["max_value"] == 1:
            return _set(frame, row, column, frame[column][0] + 1)
        return frame.with_columns(pl.lit(frame[column][0]).alias(column))
    if kind in TABLE_LEVEL:
        return frame.head(kw["min_value"] - 1)
    raise AssertionError(f"no way to break {kind}: add one to this test")


def _failed(table: str, frame: pl.DataFrame) -> set[str]:
    outcome = validate(table, frame)
    return {json.dumps([o["expectation"], o["column"]]) for o in outcome["outcomes"] if not o["success"]}


def _key(exp: dict[str, Any]) -> str:
    return json.dumps([exp["type"], exp["kwargs"].get("column") or exp["kwargs"].get("column_list")])


@pytest.mark.parametrize("table", TABLES)
def test_suite_passes_on_the_real_release(table, frames):
    outcome = validate(table, frames[table])
    assert outcome["success"], [o for o in outcome["outcomes"] if not o["success"]]


def _whole_frame(exp: dict[str, Any]) -> bool:
    """Expectations on the whole frame (row count, a minimum of distinct values): broken one by one."""
    kind, kw = exp["type"], exp["kwargs"]
    return kind in TABLE_LEVEL or (
        kind.startswith("expect_column_unique_value_count") and kw["min_value"] > 1
    )


@pytest.mark.parametrize("table", TABLES)
def test_every_expectation_fails_on_a_broken_frame(table, frames):
    expectations = suite_spec(table)["expectations"]
    broken = frames[table]
    for index, exp in enumerate(expectations):
        if _whole_frame(exp):
            assert _key(exp) in _failed(table, _break(frames[table], 0, exp)), exp
        else:  # row-level breaks go on different rows, so one validation proves them all
            broken = _break(broken, index + 1, exp)
    row_level = {_key(e) for e in expectations if not _whole_frame(e)}
    assert row_level <= _failed(table, broken)


def test_a_failed_suite_is_an_error_check_result_naming_the_failures(frames):
    broken = frames["rvu"].with_columns(pl.lit("Z").alias("status_code"))
    result = check_result("rvu", broken)
    assert isinstance(result, dg.AssetCheckResult)
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
    failures = result.metadata["failures"].value
    assert [f["column"] for f in failures] == ["status_code"]
    assert failures[0]["unexpected_count"] == broken.height
