"""The GX suites (blocking checks) pass on a loaded quarter and fail on broken data, naming the rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipelines.lib.gx import check_result, validate
from pipelines.lib.warehouse import Warehouse

from .test_sql import _load


@pytest.fixture(scope="module")
def frames(tmp_path_factory) -> dict[str, pd.DataFrame]:
    from pipelines.defs.ncci.checks import quarter_frame

    path: Path = tmp_path_factory.mktemp("ncci_gx") / "w.duckdb"
    warehouse = Warehouse(database=str(path))
    with warehouse.connect() as conn:
        _load(conn)
    out = {table: quarter_frame(warehouse, table, "2025Q4") for table in ("ncci_ptp", "ncci_mue")}
    warehouse.finish(publish=False)
    return out


def _editable(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose categorical columns accept new values."""
    return frame.astype({c: "object" for c, t in frame.dtypes.items() if isinstance(t, pd.CategoricalDtype)})


def _failed(suite: str, frame: pd.DataFrame) -> set[tuple[str, str]]:
    outcome = validate(suite, frame)
    return {(o["expectation"], str(o["column"])) for o in outcome["outcomes"] if not o["success"]}


def test_loaded_quarter_passes_both_suites(frames):
    for suite, frame in frames.items():
        result = check_result(suite, frame)
        assert result.passed, result.metadata
        assert result.metadata["rows_validated"].value == len(frame)


def test_broken_ptp_rows_fail_the_named_expectations(frames):
    broken = _editable(frames["ncci_ptp"])
    broken.loc[0, "column1"] = "9921x"
    broken.loc[1, "modifier_indicator"] = 5
    broken.loc[2, "deletion_date"] = broken.loc[2, "effective_date"] - pd.Timedelta(days=1)
    broken = pd.concat([broken, broken.iloc[[3]]], ignore_index=True)  # duplicate edit key
    assert _failed("ncci_ptp", broken) == {
        ("expect_column_values_to_match_regex", "column1"),
        ("expect_column_values_to_be_in_set", "modifier_indicator"),
        ("expect_column_pair_values_a_to_be_greater_than_b", "None"),
        ("expect_compound_columns_to_be_unique", "['setting', 'column1', 'column2', 'effective_date']"),
    }
    result = check_result("ncci_ptp", broken)
    assert not result.passed and result.metadata["failed_expectations"].value == 4


def test_dates_that_did_not_parse_fail(frames):
    broken = _editable(frames["ncci_ptp"])
    broken["effective_date"] = broken["effective_date"].dt.strftime("%Y%m%d")  # text, not a date
    assert ("expect_column_values_to_be_of_type", "effective_date") in _failed("ncci_ptp", broken)


def test_broken_mue_rows_fail_the_named_expectations(frames):
    broken = _editable(frames["ncci_mue"])
    broken.loc[0, "mue_value"] = -1
    broken.loc[1, "mai"] = 4
    broken.loc[2, "hcpcs"] = "E01"
    broken = pd.concat([broken, broken.iloc[[3]]], ignore_index=True)
    assert _failed("ncci_mue", broken) == {
        ("expect_column_values_to_be_between", "mue_value"),
        ("expect_column_values_to_be_in_set", "mai"),
        ("expect_column_values_to_match_regex", "hcpcs"),
        ("expect_compound_columns_to_be_unique", "['service_type', 'hcpcs']"),
    }


def test_the_checks_read_the_quarter_without_writing(tmp_path):
    """The checks' reader opens the run's copy read-only: no DDL, no upsert, the file is byte-identical."""
    from pipelines.defs.ncci.checks import quarter_frame
    from pipelines.lib.files import sha256_file

    warehouse = Warehouse(database=str(tmp_path / "w.duckdb"))
    with warehouse.connect() as conn:
        _load(conn)
    before = sha256_file(warehouse.work_path)
    assert len(quarter_frame(warehouse, "ncci_ptp", "2025Q4")) > 0
    assert sha256_file(warehouse.work_path) == before
    warehouse.finish(publish=False)
