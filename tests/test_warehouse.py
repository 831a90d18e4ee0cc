"""The warehouse resource: a run publishes on success, and a failed run leaves the last good file."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest
from warehouse_backend import LAKE, connect, location, state

from pipelines.lib.warehouse import Warehouse


def _graph(passes: bool):
    @dg.asset
    def numbers(warehouse: Warehouse) -> None:
        with warehouse.connect() as conn:
            conn.execute("create table if not exists numbers (n integer)")
            conn.execute("insert into numbers values (1)")

    @dg.asset_check(asset=numbers, blocking=True)
    def numbers_ok() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=passes)

    @dg.asset(deps=[numbers])
    def numbers_total(warehouse: Warehouse) -> None:
        with warehouse.connect() as conn:
            conn.execute("create or replace table numbers_total as select count(*) as n from numbers")

    return [numbers, numbers_ok, numbers_total]


def test_success_publishes_failure_keeps_last_good(tmp_path):
    db = location(tmp_path, "w")
    assert dg.materialize(_graph(True), resources={"warehouse": Warehouse(database=str(db))}).success
    with connect(db) as conn:
        assert conn.execute("select n from numbers_total").fetchone() == (1,)
    before = state(db)

    result = dg.materialize(
        _graph(False), resources={"warehouse": Warehouse(database=str(db))}, raise_on_error=False
    )
    assert not result.success
    # file: byte-identical; DuckLake: no new snapshot. The failed run's rows never reached it.
    assert state(db) == before
    with connect(db) as conn:
        assert conn.execute("select count(*) from numbers").fetchone() == (1,)
    if not LAKE:
        assert not any((tmp_path / ".build").iterdir())


def test_reader_holding_the_warehouse_does_not_block_a_run(tmp_path):
    db = location(tmp_path, "w")
    dg.materialize(_graph(True), resources={"warehouse": Warehouse(database=str(db))})
    reader = connect(db)
    try:
        assert dg.materialize(_graph(True), resources={"warehouse": Warehouse(database=str(db))}).success
        # A held file reader keeps the file it opened; a held DuckLake reader reads the latest
        # snapshot at each query. Either way a whole published state, never half a run.
        expected = (2,) if LAKE else (1,)
        assert reader.execute("select count(*) from numbers").fetchone() == expected
    finally:
        reader.close()
    with connect(db) as conn:
        assert conn.execute("select count(*) from numbers").fetchone() == (2,)


def test_missing_warehouse_is_a_clear_error(tmp_path):
    from pipelines.lib.warehouse import connect_published

    with pytest.raises(FileNotFoundError, match="medpay run"):
        connect_published(str(location(tmp_path, "none")))


def _graph_with_effect(passes: bool, effects: list[str]):
    @dg.asset
    def staged_thing(warehouse: Warehouse) -> None:
        warehouse.when_run_ends(lambda: effects.append("switched"), lambda: effects.append("discarded"))

    @dg.asset_check(asset=staged_thing, blocking=True)
    def staged_thing_ok() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=passes)

    return [staged_thing, staged_thing_ok]


@pytest.mark.parametrize("passes, expected", [(True, ["switched"]), (False, ["discarded"])])
def test_outside_effects_follow_the_run_outcome(tmp_path, passes, expected):
    """The website export is switched live only when the whole run succeeded (ADR 0001)."""
    effects: list[str] = []
    result = dg.materialize(
        _graph_with_effect(passes, effects),
        resources={"warehouse": Warehouse(database=str(location(tmp_path, "w")))},
        raise_on_error=False,
    )
    assert result.success is passes
    assert effects == expected


@pytest.mark.skipif(LAKE, reason="a DuckDB file's lock; a DuckLake's SQLite catalog has no read-write holder")
def test_a_read_write_holder_gives_a_clear_error(tmp_path):
    import subprocess
    import sys

    from pipelines.lib.published import WarehouseLocked, connect_published

    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseLocked, match="open read-write by another process"):
            connect_published(str(db))
    finally:
        holder.kill()
        holder.wait()
