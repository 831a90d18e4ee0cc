"""The warehouse backend the tests run on: the DuckDB file by default, DuckLake when
MEDPAY_TEST_BACKEND=ducklake (scripts/bootstrap.py test runs the backend's tests a second time that way,
in .venv-ducklake). Tests reach the warehouse through these helpers, never ``duckdb.connect(path)``."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.lib.backend import LakeBackend, backend_for
from pipelines.lib.published import connect_published

LAKE = os.environ.get("MEDPAY_TEST_BACKEND", "file") == "ducklake"


def location(folder: Path, name: str = "medpay") -> Path:
    """Where a test's warehouse lives in ``folder`` on the backend under test (MEDPAY_WAREHOUSE)."""
    return Path(f"ducklake:{folder / f'{name}.sqlite'}") if LAKE else folder / f"{name}.duckdb"


def connect(where: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Read-only: the published warehouse. Otherwise the file itself (file backend only: a DuckLake is
    written only by runs, see ``edit``)."""
    if read_only:
        return connect_published(str(where))
    assert not LAKE, "write a DuckLake through edit() (one run, one snapshot)"
    return duckdb.connect(str(where))


@contextmanager
def edit(where: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Change a warehouse as one run does (the Warehouse resource): published when the block ends."""
    from pipelines.lib.warehouse import Warehouse

    warehouse = Warehouse(database=str(where))
    try:
        with warehouse.connect() as conn:
            yield conn
    except BaseException:
        warehouse.finish(publish=False)
        raise
    warehouse.finish(publish=True)


def clone(src: Path, folder: Path, name: str = "medpay") -> Path:
    """A private copy of a published warehouse in ``folder`` (catalog and data for a DuckLake)."""
    dest = location(folder, name)
    folder.mkdir(parents=True, exist_ok=True)
    source = backend_for(src)
    if isinstance(source, LakeBackend):
        target = backend_for(dest)
        assert isinstance(target, LakeBackend)
        for part in source.catalog.parent.glob(source.catalog.name + "*"):  # the catalog, -wal, -shm
            shutil.copyfile(part, target.catalog.parent / part.name.replace(source.catalog.stem, name, 1))
        shutil.copytree(source.default_data_path, target.default_data_path)
        with sqlite3.connect(target.catalog) as catalog:  # the copy's data is in its own folder
            catalog.execute(
                "update ducklake_metadata set value = ? where key = 'data_path'",
                [str(target.default_data_path) + os.sep],
            )
    else:
        shutil.copyfile(source.location, dest)
    return dest


def from_file(db: Path, folder: Path, name: str = "medpay") -> Path:
    """A warehouse on the backend under test holding the tables of DuckDB file ``db`` (test seeds)."""
    dest = location(folder, name)
    folder.mkdir(parents=True, exist_ok=True)
    if not LAKE:
        shutil.copyfile(db, dest)
        return dest
    with duckdb.connect(str(db), read_only=True) as src, edit(dest) as conn:
        tables = [r[0] for r in src.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        for table in tables:
            conn.register("seed", src.execute(f'select * from "{table}"').arrow())
            conn.execute(f'create table "{table}" as select * from seed')
            conn.unregister("seed")
    return dest


def state(where: Path) -> object:
    """What the published warehouse is right now: its bytes (file) or its snapshot list (DuckLake)."""
    backend = backend_for(where)
    if isinstance(backend, LakeBackend):
        return [s.snapshot_id for s in backend.snapshots()]
    return backend.location.read_bytes()
