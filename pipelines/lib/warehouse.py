"""The DuckDB warehouse resource: every run is a transaction over the whole file.

A run copies the published warehouse into ``<dir>/.build/<run_id>.duckdb`` and writes only there
(one writer: a file lock serialises runs, a second run waits). When the run ends with no failed
step (blocking checks fail their step), the copy atomically replaces the published file; a run
that fails, or is killed, is discarded and the last good warehouse stays exactly as it was.
Analysts and ``medpay`` read the published file read-only and never block the pipeline: it is
replaced, never written in place. See docs/adr/0001-warehouse-publishing.md.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipelines.lib.files import wait_for_lock
from pipelines.lib.published import connect_published, published_path

__all__ = ["Warehouse", "atomic_replace", "connect_published", "published_path"]


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


class Warehouse(dg.ConfigurableResource):
    """DuckDB warehouse; ``database`` defaults to $MEDPAY_WAREHOUSE, read when the run starts."""

    database: str | None = None
    lock_timeout_s: float = 3600.0

    _work: Path | None = PrivateAttr(default=None)
    _lock: object | None = PrivateAttr(default=None)
    _wrote: bool = PrivateAttr(default=False)
    _on_publish: list = PrivateAttr(default_factory=list)
    _on_discard: list = PrivateAttr(default_factory=list)

    @property
    def published(self) -> Path:
        return published_path(self.database)

    @property
    def work_path(self) -> Path:
        if self._work is None:
            self._begin(run_id=f"adhoc-{os.getpid()}-{time.time_ns()}", log=None)
        assert self._work is not None
        return self._work

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._begin(run_id=context.run_id or f"adhoc-{os.getpid()}", log=context.log)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        failed = _run_failed(context)
        self.finish(publish=not failed, log=context.log)

    def _begin(self, run_id: str, log) -> None:
        published = self.published
        build_dir = published.parent / ".build"
        build_dir.mkdir(parents=True, exist_ok=True)
        lock = open(published.parent / ".writer.lock", "a+")
        try:
            wait_for_lock(
                lock,
                self.lock_timeout_s,
                f"the warehouse writer lock for {published}",
                on_wait=(lambda s: log.info(f"waiting {s:.0f} s for another run's writer lock"))
                if log
                else None,
            )
        except TimeoutError:
            lock.close()
            raise
        self._lock = lock
        for stale in build_dir.glob("*.duckdb*"):  # left by a killed run: we hold the lock now
            stale.unlink(missing_ok=True)
        work = build_dir / f"{run_id}.duckdb"
        if published.exists():
            shutil.copyfile(published, work)
        self._work = work
        self._wrote = False

    def when_run_ends(self, on_publish, on_discard) -> None:
        """Defer an outside effect (switching the website export live) to the end of the run: called
        right after the warehouse is published, or ``on_discard`` when the run failed."""
        self._on_publish.append(on_publish)
        self._on_discard.append(on_discard)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Connection to this run's working copy; closed (and checkpointed) on exit."""
        path = self.work_path
        if read_only and not path.exists():
            read_only = False
        conn = duckdb.connect(str(path), read_only=read_only)
        self._wrote = self._wrote or not read_only
        try:
            yield conn
        finally:
            conn.close()

    def finish(self, publish: bool, log=None) -> bool:
        """Publish (or discard) the working copy and release the writer lock. Returns True if published."""
        published_now = False
        try:
            work = self._work
            if work is not None and work.exists():
                if publish and self._wrote:
                    with duckdb.connect(str(work)) as conn:
                        conn.execute("checkpoint")
                    atomic_replace(work, self.published)
                    published_now = True
                    if log is not None:
                        log.info(f"published warehouse {self.published}")
                else:
                    if log is not None and not publish:
                        log.warning(
                            "run failed: discarded its working copy; the published warehouse is unchanged"
                        )
                    work.unlink(missing_ok=True)
                Path(f"{work}.wal").unlink(missing_ok=True)
            # Deferred outside effects follow the run's outcome (not whether it wrote the warehouse).
            self._run_hooks(self._on_publish if publish else self._on_discard, log)
        finally:
            self._work = None
            self._on_publish, self._on_discard = [], []
            if self._lock is not None:
                fcntl.flock(self._lock, fcntl.LOCK_UN)
                self._lock.close()
                self._lock = None
        return published_now

    @staticmethod
    def _run_hooks(hooks: list, log) -> None:
        """Run every hook; a failure is logged and re-raised after the others ran, so the run shows it
        (the warehouse itself is already published or discarded at this point)."""
        errors = []
        for hook in hooks:
            try:
                hook()
            except Exception as err:
                errors.append(err)
                if log is not None:
                    log.error(f"end-of-run step {getattr(hook, '__name__', hook)} failed: {err}")
        if errors:
            raise errors[0]


def _run_failed(context: dg.InitResourceContext) -> bool:
    """True when any step of this run has failed so far (a failed blocking check fails its step)."""
    instance, run_id = context.instance, context.run_id
    if instance is None or not run_id:
        return False
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_FAILURE, limit=1)
    return bool(records.records)
