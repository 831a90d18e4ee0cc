"""DuckDB has one writer: a second run waits for the warehouse writer lock, it does not fail (ADR 0001)."""

from __future__ import annotations

import threading
import time

import duckdb
import pytest

from pipelines.lib.warehouse import Warehouse


def _write(warehouse: Warehouse, value: int) -> None:
    with warehouse.connect() as conn:
        conn.execute("create table if not exists runs (n integer)")
        conn.execute("insert into runs values (?)", [value])


def test_second_run_waits_for_the_first_and_sees_its_data(tmp_path):
    db = tmp_path / "w.duckdb"
    first, second = Warehouse(database=str(db)), Warehouse(database=str(db))
    first._begin(run_id="first", log=None)  # what setup_for_execution does: takes the lock, copies
    _write(first, 1)
    started = threading.Event()
    done: dict[str, float] = {}

    def run_second() -> None:
        started.set()
        second._begin(run_id="second", log=None)  # blocks until the first run releases the lock
        done["began"] = time.monotonic()
        _write(second, 2)
        second.finish(publish=True)

    thread = threading.Thread(target=run_second)
    thread.start()
    started.wait(5)
    time.sleep(0.8)
    assert "began" not in done and thread.is_alive()  # still waiting, not failed
    released = time.monotonic()
    assert first.finish(publish=True)
    thread.join(10)
    assert not thread.is_alive() and done["began"] >= released
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("select n from runs order by n").fetchall() == [(1,), (2,)]


def test_a_run_that_waits_too_long_says_who_holds_the_lock(tmp_path):
    db = tmp_path / "w.duckdb"
    holder = Warehouse(database=str(db))
    holder._begin(run_id="holder", log=None)
    try:
        with pytest.raises(TimeoutError, match="another run holds the warehouse writer lock"):
            Warehouse(database=str(db), lock_timeout_s=0.3)._begin(run_id="late", log=None)
    finally:
        holder.finish(publish=False)
    assert not db.exists()  # the holder published nothing
