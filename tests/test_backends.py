"""The warehouse backend seam (pipelines/lib/backend.py): what the file and the DuckLake backends share,
and what only a DuckLake does (one snapshot per run, time travel, a killed run's files cleaned up, a
reader's open transaction never blocking the writer). Runs in both virtualenvs (scripts/bootstrap.py
test); the DuckLake cases run where MEDPAY_TEST_BACKEND=ducklake."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from warehouse_backend import LAKE, connect, edit, location

from pipelines.lib.backend import (
    BackendError,
    FileBackend,
    LakeBackend,
    adapt_ddl,
    adapt_replace,
    backend_for,
)
from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.published import connect_published
from pipelines.lib.sql import load_sql, transaction
from pipelines.lib.warehouse import Warehouse

lake_only = pytest.mark.skipif(not LAKE, reason="DuckLake backend (MEDPAY_TEST_BACKEND=ducklake)")
file_only = pytest.mark.skipif(LAKE, reason="DuckDB file backend")


def test_the_setting_picks_the_backend(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDPAY_HOME", str(tmp_path))
    monkeypatch.delenv("MEDPAY_WAREHOUSE_DATA", raising=False)
    lake = backend_for("ducklake:lake/catalog.sqlite")
    assert isinstance(lake, LakeBackend)
    assert lake.catalog == tmp_path / "lake" / "catalog.sqlite"  # relative to MEDPAY_HOME
    assert lake.data_path is None and lake.default_data_path == tmp_path / "lake" / "catalog.files"
    monkeypatch.setenv("MEDPAY_WAREHOUSE_DATA", "parquet")
    assert backend_for("ducklake:lake/catalog.sqlite").data_path == tmp_path / "parquet"
    file = backend_for("warehouse/medpay.duckdb")
    assert isinstance(file, FileBackend) and file.path == tmp_path / "warehouse" / "medpay.duckdb"


def test_schema_sql_as_ducklake_takes_it():
    rvu = adapt_ddl(load_sql("tables/rvu"))
    assert "primary key" not in rvu.lower() and "create table if not exists rvu (" in rvu
    releases = adapt_ddl(load_sql("tables/releases"))
    assert "release_id varchar," in releases and "primary key" not in releases.lower()
    assert "create or replace temp macro ncci_is_active(" in adapt_ddl(load_sql("macros/ncci_is_active"))
    # what DuckDB makes of it: the same columns, no constraint
    with duckdb.connect() as conn:
        conn.execute(rvu)
        conn.execute(releases)
        assert conn.execute(
            "select count(*) from duckdb_constraints() where constraint_type = 'PRIMARY KEY'"
        ).fetchone() == (0,)


def test_transaction_helper_on_a_plain_connection():
    with duckdb.connect() as conn:
        conn.execute("create table t (n integer)")
        with transaction(conn):
            conn.execute("insert into t values (1)")
        with pytest.raises(ZeroDivisionError), transaction(conn):
            conn.execute("insert into t values (2)")
            raise ZeroDivisionError
        assert conn.execute("select list(n) from t").fetchone() == ([1],)


def _numbers(passes: bool, value: int):
    @dg.asset(name="numbers")
    def numbers(warehouse: Warehouse) -> None:
        with warehouse.connect() as conn:
            conn.execute("create table if not exists numbers (n integer)")
            conn.execute("insert into numbers values ($n)", {"n": value})
        warehouse.note("export_build", f"build-{value}")

    @dg.asset_check(asset=numbers, blocking=True)
    def numbers_ok() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=passes)

    return [numbers, numbers_ok]


def _materialize(db: Path, passes: bool, value: int) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        _numbers(passes, value), resources={"warehouse": Warehouse(database=str(db))}, raise_on_error=False
    )


@file_only
def test_a_file_has_no_time_travel(tmp_path, monkeypatch, capsys):
    from pipelines.cli.main import main

    db = location(tmp_path)
    assert _materialize(db, True, 1).success
    with pytest.raises(BackendError, match="time travel needs the DuckLake backend"):
        connect_published(str(db), snapshot=1)
    monkeypatch.setenv("MEDPAY_WAREHOUSE", str(db))
    assert main(["sql", "--snapshot", "1", "-c", "select 1"]) == 2
    assert "time travel needs the DuckLake backend" in capsys.readouterr().err


@lake_only
def test_each_run_is_one_snapshot_and_earlier_ones_stay_readable(tmp_path, monkeypatch, capsys):
    from pipelines.cli.main import main

    db = location(tmp_path)
    lake = backend_for(db)
    assert _materialize(db, True, 1).success
    first = lake.snapshots()
    assert _materialize(db, True, 2).success
    second = lake.snapshots()
    assert len(second) == len(first) + 1  # one run, one commit, whatever it wrote
    assert second[-1].message.startswith("medpay run ") and second[-1].info["export_build"] == "build-2"
    assert not _materialize(db, False, 3).success  # a failed blocking check: no snapshot at all
    assert lake.snapshots() == second
    with connect(db) as conn:
        assert conn.execute("select list(n order by n) from numbers").fetchone() == ([1, 2],)
    with connect_published(str(db), snapshot=first[-1].snapshot_id) as conn:
        assert conn.execute("select list(n order by n) from numbers").fetchone() == ([1],)
    assert lake.snapshot_of_export("build-1") == first[-1].snapshot_id
    monkeypatch.setenv("MEDPAY_WAREHOUSE", str(db))
    assert (
        main(["sql", "--snapshot", str(first[-1].snapshot_id), "-c", "select count(*) as n from numbers"])
        == 0
    )
    assert main(["status", "--json"]) == 0
    out = capsys.readouterr().out
    assert f'"snapshot": {second[-1].snapshot_id}' in out and '"backend": "ducklake"' in out


@lake_only
def test_a_reader_in_an_open_transaction_never_blocks_the_commit(tmp_path):
    db = location(tmp_path)
    assert _materialize(db, True, 1).success
    reader = connect(db)
    try:
        reader.execute("begin transaction")
        assert reader.execute("select count(*) from numbers").fetchone() == (1,)
        assert _materialize(db, True, 2).success  # commits while the reader's transaction is open
        assert reader.execute("select count(*) from numbers").fetchone() == (1,)  # its snapshot
        reader.execute("commit")
        assert reader.execute("select count(*) from numbers").fetchone() == (2,)  # then the latest
    finally:
        reader.close()


KILLED_RUN = """
import sys, time
from pipelines.lib.warehouse import Warehouse
warehouse = Warehouse(database=sys.argv[1])
with warehouse.connect() as conn:
    conn.execute("create table big as select range as n, md5(range::varchar) as h from range(300000)")
    conn.execute("insert into numbers select range from range(1000)")
print("written", flush=True)
time.sleep(60)
"""


@lake_only
def test_a_killed_run_leaves_the_last_snapshot_and_its_files_are_cleaned_up(tmp_path):
    db = location(tmp_path)
    lake = backend_for(db)
    assert _materialize(db, True, 1).success
    before = lake.snapshots()
    referenced = {str(p) for p in lake.default_data_path.rglob("*.parquet")}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(db)],
        cwd=REPO_ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "written"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    orphans = {str(p) for p in lake.default_data_path.rglob("*.parquet")} - referenced
    assert orphans  # the killed run's Parquet is on disk ...
    assert lake.snapshots() == before  # ... but in no snapshot
    with connect(db) as conn:
        assert conn.execute("select count(*) from numbers").fetchone() == (1,)
        assert "big" not in {r[0] for r in conn.execute("show tables").fetchall()}
    with edit(db) as conn:  # the next run (holding the writer lock) deletes them first
        conn.execute("insert into numbers values (2)")
    assert not any(Path(p).exists() for p in orphans)


@lake_only
def test_a_different_data_path_is_refused(tmp_path, monkeypatch):
    db = location(tmp_path)
    assert _materialize(db, True, 1).success
    monkeypatch.setenv("MEDPAY_WAREHOUSE_DATA", str(tmp_path / "elsewhere"))
    with pytest.raises(duckdb.Error, match="does not match existing data path"):
        connect_published(str(db))


@lake_only
def test_a_table_replaced_twice_in_one_run_is_refused(tmp_path):
    """DuckLake 1.4.4 would drop the run's new tables (duckdb/ducklake#957): refused, not lost."""
    view = "create or replace view numbers_view as select * from keep_me"
    table = "create or replace table numbers_copy as select * from keep_me"
    db = location(tmp_path)
    with edit(db) as conn:
        conn.execute("create table keep_me (n integer)")
        for _ in range(2):  # a view replaced twice is the same definition: the second is a no-op
            conn.execute(adapt_replace(conn, view))
        assert conn.execute("select count(*) from keep_me").fetchone() == (0,)
    with connect(db) as conn:
        assert conn.execute("select count(*) from numbers_view").fetchone() == (0,)
    with pytest.raises(BackendError, match="replaced twice"), edit(db) as conn:
        conn.execute("create table fresh (n integer)")
        for _ in range(2):
            conn.execute(adapt_replace(conn, table))
