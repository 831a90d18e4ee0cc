"""Where the warehouse lives: the one seam between the pipeline and its storage.

``MEDPAY_WAREHOUSE`` names the warehouse. Two backends, chosen by that value alone:

- a DuckDB file (the default, ``warehouse/medpay.duckdb``): a run copies the published file, writes
  the copy and swaps it in atomically (ADR 0001);
- ``ducklake:<catalog.sqlite>``: a DuckLake with a local SQLite catalog and the data as Parquet under
  ``MEDPAY_WAREHOUSE_DATA`` (default ``<catalog>.files/`` next to the catalog). A run writes inside
  one DuckLake transaction and its COMMIT is one snapshot; a failed or killed run commits nothing
  (ADR 0006).

Everything that differs between them is here: opening a run's write connection, publishing or
discarding the run, opening read-only connections (optionally at an earlier snapshot), listing
snapshots. The rest of the code gets DuckDB connections in which the warehouse's tables are the
default catalog, and does not know which backend it talks to. No dagster import (quick CLI paths).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from pipelines.lib.paths import LAKE_PREFIX, resolve

LAKE_DUCKDB_VERSION = "1.4.4"  # the DuckDB the PyPI extension packages are built for
ALIAS = "wh"
# Connection variables (SET VARIABLE): lib/sql reads them, so SQL files stay backend-neutral.
LAKE_MARK = "medpay_lake"
RUN_TRANSACTION_MARK = "medpay_run_transaction"
# SQL files that define macros: DuckLake stores no functions, so every DuckLake connection creates
# them as temporary macros (the file backend keeps them in the file). Found by their text.
MACRO = re.compile(r"create\s+or\s+replace\s+macro\b", re.IGNORECASE)


NO_TIME_TRAVEL = (
    "time travel needs the DuckLake backend (MEDPAY_WAREHOUSE=ducklake:<catalog>): a DuckDB file keeps "
    "only its latest state"
)


class BackendError(RuntimeError):
    """The warehouse setting cannot be used here (a missing extra, a wrong DuckDB version)."""


@dataclass(frozen=True)
class Snapshot:
    """One committed version of a DuckLake warehouse."""

    snapshot_id: int
    committed_at: str
    message: str | None
    info: dict


def backend_for(location: str | os.PathLike[str]) -> FileBackend | LakeBackend:
    """The backend of a warehouse location (what ``MEDPAY_WAREHOUSE`` resolves to)."""
    text = str(location)
    if text.startswith(LAKE_PREFIX):
        catalog = resolve(text.removeprefix(LAKE_PREFIX))
        data = os.environ.get("MEDPAY_WAREHOUSE_DATA")
        return LakeBackend(catalog, resolve(data) if data else None)
    return FileBackend(resolve(text))


def _literal(text: str) -> str:
    """A quoted SQL string literal. Only for ATTACH, which takes no parameters; the values are the
    operator's own settings (paths), never data."""
    return "'" + text.replace("'", "''") + "'"


def adapt_ddl(sql: str) -> str:
    """A schema statement as DuckLake takes it: no PRIMARY KEY/UNIQUE (DuckLake enforces no keys; the
    blocking checks assert the keys that matter) and macros as temporary macros (DuckLake stores no
    functions; every DuckLake connection creates them, ``macro_files()``)."""
    sql = re.sub(r",\s*primary key\s*\([^)]*\)", "", sql, flags=re.IGNORECASE)
    sql = re.sub(r"\s+primary key\b", "", sql, flags=re.IGNORECASE)
    return re.sub(
        r"create\s+or\s+replace\s+macro\b", "create or replace temp macro", sql, flags=re.IGNORECASE
    )


_REPLACE = re.compile(r"^\s*create\s+or\s+replace\s+(view|table)\s+(\w+)", re.IGNORECASE | re.MULTILINE)


def adapt_replace(conn: duckdb.DuckDBPyConnection, sql: str) -> str:
    """Inside a DuckLake run, replace a view or table at most once. DuckLake 1.4.4 loses every table
    and view created earlier in a transaction when one of them is dropped or replaced again in it
    (duckdb/ducklake#957, fixed after 1.4.4). Views come from one SQL file each, so a second
    ``create or replace view`` in the run is the same definition: it becomes ``if not exists``. A
    second replace of a table would lose data: refused with a clear error (no step does it today)."""
    match = _REPLACE.search(sql)
    if match is None:
        return sql
    kind, name = match.group(1).lower(), match.group(2).lower()
    from pipelines.lib.sql import run_sql

    if run_sql(conn, "ops/lake_replaced_seen", {"name": name}).fetchone()[0]:
        if kind == "table":
            raise BackendError(
                f"table {name} is replaced twice in one DuckLake run (DuckLake 1.4.4 would drop the run's "
                "new tables, duckdb/ducklake#957): replace it once per run"
            )
        return _REPLACE.sub(lambda m: f"create view if not exists {m.group(2)}", sql, count=1)
    run_sql(conn, "ops/lake_replaced_add", {"name": name})
    return sql


# --- the default: one DuckDB file, copied per run (ADR 0001) -------------------------------------


def atomic_replace(src: Path, dest: Path) -> None:
    """fsync ``src`` and rename it over ``dest`` (same filesystem): readers see old or new, never half."""
    with open(src, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(src, dest)
    dir_fd = os.open(dest.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@dataclass(frozen=True)
class FileBackend:
    path: Path
    kind = "duckdb-file"

    @property
    def location(self) -> Path:
        return self.path

    @property
    def side_dir(self) -> Path:
        """The folder beside the warehouse for its side files (writer lock, refused landings)."""
        return self.path.parent

    def exists(self) -> bool:
        return self.path.exists()

    def connect_read(self, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
        if snapshot is not None:
            raise BackendError(NO_TIME_TRAVEL)
        return duckdb.connect(str(self.path), read_only=True)

    def reader_hint(self) -> list[str]:
        return [
            f"duckdb -readonly {self.path}",
            f"python: duckdb.connect({str(self.path)!r}, read_only=True)",
        ]

    def snapshots(self) -> list[Snapshot]:
        return []

    def snapshot_of_export(self, build: str) -> int | None:
        raise BackendError(NO_TIME_TRAVEL)

    def begin(self, run_id: str) -> FileRun:
        build_dir = self.path.parent / ".build"
        build_dir.mkdir(parents=True, exist_ok=True)
        for stale in build_dir.glob("*.duckdb*"):  # left by a killed run: the caller holds the lock
            stale.unlink(missing_ok=True)
        work = build_dir / f"{run_id}.duckdb"
        if self.path.exists():
            shutil.copyfile(self.path, work)
        return FileRun(self.path, work, run_id)


class FileRun:
    """One run's private copy of the file; ``publish`` swaps it in, ``discard`` deletes it."""

    def __init__(self, published: Path, work: Path, run_id: str) -> None:
        self.published, self.work, self.run_id, self.wrote = published, work, run_id, False

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if read_only and not self.work.exists():
            read_only = False
        conn = duckdb.connect(str(self.work), read_only=read_only)
        self.wrote = self.wrote or not read_only
        try:
            yield conn
        finally:
            conn.close()

    def note(self, key: str, value: str) -> None:
        """A file has no commit log: notes are DuckLake's (the export build of a snapshot)."""

    def publish(self, message: str) -> int | None:
        if self.work.exists() and self.wrote:
            with duckdb.connect(str(self.work)) as conn:
                conn.execute("checkpoint")
            atomic_replace(self.work, self.published)
        self.discard()
        return None

    def discard(self) -> None:
        self.work.unlink(missing_ok=True)
        Path(f"{self.work}.wal").unlink(missing_ok=True)


# --- DuckLake: SQLite catalog + Parquet data, one transaction per run (ADR 0006) ------------------


def _extension_dir() -> Path:
    """The extension folder the ``duckdb-ext-*`` wheels install (``duckdb_ext/extensions/v1.4.4/...``):
    extensions are never downloaded at run time."""
    if duckdb.__version__ != LAKE_DUCKDB_VERSION:
        raise BackendError(
            f"the DuckLake backend needs DuckDB {LAKE_DUCKDB_VERSION} (this is {duckdb.__version__}): "
            "install the extra, `pip install -e '.[ducklake]'` (it pins duckdb and ships the extensions)"
        )
    spec = importlib.util.find_spec("duckdb_ext")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        ext = Path(folder) / "extensions"
        if any(ext.glob(f"v{LAKE_DUCKDB_VERSION}/*/ducklake.duckdb_extension")):
            return ext
    raise BackendError(
        "the DuckLake extension is not installed: `pip install -e '.[ducklake]'` "
        "(duckdb-ext-ducklake and duckdb-ext-sqlite from PyPI)"
    )


@dataclass(frozen=True)
class LakeBackend:
    """``data_path``: MEDPAY_WAREHOUSE_DATA when set (a local folder here; ``s3://...`` with the httpfs
    extension in production). The catalog records it when it is created (default: ``<catalog>.files/``
    next to it) and every connection uses the recorded one; a different setting later is refused."""

    catalog: Path
    data_path: Path | None = None
    kind = "ducklake"

    @property
    def default_data_path(self) -> Path:
        return self.catalog.parent / f"{self.catalog.stem}.files"

    @property
    def location(self) -> Path:
        return Path(LAKE_PREFIX + str(self.catalog))

    @property
    def side_dir(self) -> Path:
        return self.catalog.parent

    def exists(self) -> bool:
        return self.catalog.exists()

    def reader_hint(self) -> list[str]:
        return [
            "duckdb (1.4.4, ducklake + sqlite extensions): "
            f"ATTACH 'ducklake:sqlite:{self.catalog}' AS wh (READ_ONLY); USE wh;",
            "python: from pipelines.lib.published import connect_published; conn = connect_published()",
        ]

    def _connect(
        self, read_only: bool, snapshot: int | None = None, data_path: Path | None = None
    ) -> duckdb.DuckDBPyConnection:
        conn = duckdb.connect(
            config={"extension_directory": str(_extension_dir()), "autoinstall_known_extensions": False}
        )
        try:
            conn.execute("load ducklake")
            conn.execute("load sqlite")
            options = []
            if data_path is not None:
                options.append(f"data_path {_literal(str(data_path) + os.sep)}")
            if read_only:
                options.append("read_only")
            if snapshot is not None:
                options.append(f"snapshot_version {int(snapshot)}")
            clause = f" ({', '.join(options)})" if options else ""
            conn.execute(f"attach {_literal(f'{LAKE_PREFIX}sqlite:{self.catalog}')} as {ALIAS}{clause}")
            conn.execute(f"use {ALIAS}")
            conn.execute(f"set variable {LAKE_MARK} = true")
            _create_macros(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def connect_read(self, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
        """Read-only, at the latest snapshot (or ``snapshot``). SQLite in WAL mode: a reader never
        blocks the writer's commit, and each query sees one committed snapshot."""
        return self._connect(read_only=True, snapshot=snapshot, data_path=self.data_path)

    def snapshots(self) -> list[Snapshot]:
        if not self.exists():
            return []
        from pipelines.lib.sql import run_sql

        with self.connect_read() as conn:
            rows = run_sql(conn, "ops/lake_snapshots").fetchall()
        return [Snapshot(sid, str(at), msg, json.loads(info) if info else {}) for sid, at, msg, info in rows]

    def snapshot_of_export(self, build: str) -> int | None:
        """The snapshot committed by the run that staged export ``build`` (what the warehouse said at
        that release), from the commit info the run recorded (``Warehouse.note``)."""
        found = [s.snapshot_id for s in self.snapshots() if s.info.get("export_build") == build]
        return found[-1] if found else None

    def begin(self, run_id: str) -> LakeRun:
        """The run's one write connection, inside one DuckLake transaction (the caller holds the lock)."""
        from pipelines.lib.sql import run_sql

        data_path = self.data_path
        if not self.catalog.exists():
            data_path = data_path or self.default_data_path
            data_path.mkdir(parents=True, exist_ok=True)
            self.catalog.parent.mkdir(parents=True, exist_ok=True)
            # WAL: readers and the one writer never block each other on the catalog.
            with sqlite3.connect(self.catalog) as catalog:
                catalog.execute("pragma journal_mode=wal")
        conn = self._connect(read_only=False, data_path=data_path)
        try:
            # Parquet written by a killed run belongs to no snapshot: delete it (we hold the writer lock).
            conn.execute(f"call ducklake_delete_orphaned_files({_literal(ALIAS)}, cleanup_all => true)")
            conn.execute(f"set variable {RUN_TRANSACTION_MARK} = true")
            run_sql(conn, "ops/lake_replaced_create")
            conn.execute("begin transaction")
        except BaseException:
            conn.close()
            raise
        return LakeRun(conn, run_id)


@cache
def macro_files() -> tuple[str, ...]:
    """Every ``sql/`` file that creates a macro (``macros/ncci_is_active``, ``pricing/price_macro`` ...)."""
    from pipelines.lib.paths import SQL_DIR

    return tuple(
        p.relative_to(SQL_DIR).with_suffix("").as_posix()
        for p in sorted(SQL_DIR.rglob("*.sql"))
        if MACRO.search(p.read_text(encoding="utf-8"))
    )


def _create_macros(conn: duckdb.DuckDBPyConnection) -> None:
    """Create every macro; one that needs another macro or a table comes in a later pass. A table
    macro over tables not loaded yet (price before payment) stays missing, as in a file."""
    from pipelines.lib.sql import load_sql

    pending = list(macro_files())
    while pending:
        failed = []
        for name in pending:
            try:
                conn.execute(adapt_ddl(load_sql(name)))
            except duckdb.CatalogException:
                failed.append(name)
        if len(failed) == len(pending):
            return
        pending = failed


class LakeRun:
    """One run = one DuckLake transaction: ``publish`` commits it (one snapshot), ``discard`` rolls it
    back; the connection is shared by every step of the run (jobs run in one process)."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, run_id: str) -> None:
        self.conn, self.run_id, self.notes = conn, run_id, {"run_id": run_id}
        self.wrote = True  # a transaction with no change commits no snapshot

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        yield self.conn

    def note(self, key: str, value: str) -> None:
        """Recorded in the snapshot's commit info (e.g. the export build this run staged)."""
        self.notes[key] = value

    def publish(self, message: str) -> int | None:
        """COMMIT: the run's writes become one snapshot; returns its id (None when nothing changed)."""
        from pipelines.lib.sql import run_sql

        try:
            before = run_sql(self.conn, "ops/lake_last_snapshot").fetchone()[0]
            run_sql(
                self.conn,
                "ops/lake_commit_message",
                {"alias": ALIAS, "author": "medpay", "message": message, "info": json.dumps(self.notes)},
            )
            self.conn.execute("commit")
            after = run_sql(self.conn, "ops/lake_last_snapshot").fetchone()[0]
            return after if after != before else None
        finally:
            self.conn.close()

    def discard(self) -> None:
        try:
            self.conn.execute("rollback")
        except duckdb.Error:
            pass  # an already closed or aborted transaction: nothing was committed either way
        finally:
            self.conn.close()
