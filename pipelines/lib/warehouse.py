"""The warehouse resource: every run is a transaction over the warehouse.

One writer: a file lock serialises runs (a second run waits). The backend (pipelines/lib/backend.py,
chosen by ``MEDPAY_WAREHOUSE``) decides how a run writes: the default DuckDB file is copied into
``<dir>/.build/<run_id>.duckdb`` and the copy atomically replaces the published file (ADR 0001); a
DuckLake runs the whole run in one transaction whose COMMIT is one snapshot (ADR 0006). When the run
ends with no failed step (blocking checks fail their step) the run is published; a run that fails,
or is killed, is discarded and the last good warehouse stays exactly as it was. Analysts and
``medpay`` read the published warehouse read-only and never block the pipeline.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipelines.lib.backend import FileRun, LakeRun, atomic_replace, backend_for
from pipelines.lib.files import wait_for_lock
from pipelines.lib.published import connect_published, published_path

__all__ = ["Warehouse", "atomic_replace", "connect_published", "published_path"]


class Warehouse(dg.ConfigurableResource):
    """The warehouse; ``database`` defaults to $MEDPAY_WAREHOUSE, read when the run starts."""

    database: str | None = None
    lock_timeout_s: float = 3600.0

    _run: FileRun | LakeRun | None = PrivateAttr(default=None)
    _lock: object | None = PrivateAttr(default=None)
    _on_publish: list = PrivateAttr(default_factory=list)
    _on_discard: list = PrivateAttr(default_factory=list)

    @property
    def published(self) -> Path:
        """Where the published warehouse is (a file, or ``ducklake:<catalog>``)."""
        return published_path(self.database)

    @property
    def work_path(self) -> Path:
        """The run's private copy (file backend) or the published location (DuckLake: no copy)."""
        run = self._ensure_run()
        return run.work if isinstance(run, FileRun) else self.published

    def _ensure_run(self) -> FileRun | LakeRun:
        if self._run is None:
            self._begin(run_id=f"adhoc-{os.getpid()}-{time.time_ns()}", log=None)
        assert self._run is not None
        return self._run

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._begin(run_id=context.run_id or f"adhoc-{os.getpid()}", log=context.log)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        failed = _run_failed(context)
        self.finish(publish=not failed, log=context.log)

    def _begin(self, run_id: str, log) -> None:
        backend = backend_for(self.published)
        backend.side_dir.mkdir(parents=True, exist_ok=True)
        lock = open(backend.side_dir / ".writer.lock", "a+")
        try:
            wait_for_lock(
                lock,
                self.lock_timeout_s,
                f"the warehouse writer lock for {self.published}",
                on_wait=(lambda s: log.info(f"waiting {s:.0f} s for another run's writer lock"))
                if log
                else None,
            )
            self._run = backend.begin(run_id)
        except BaseException:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()
            raise
        self._lock = lock

    def when_run_ends(self, on_publish, on_discard) -> None:
        """Defer an outside effect (switching the website export live) to the end of the run: called
        right after the warehouse is published, or ``on_discard`` when the run failed."""
        self._on_publish.append(on_publish)
        self._on_discard.append(on_discard)

    def note(self, key: str, value: str) -> None:
        """Record ``key=value`` with this run's commit (DuckLake: in the snapshot's commit info, e.g.
        which export build the snapshot produced; the file backend keeps no commit log)."""
        self._ensure_run().note(key, value)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Connection to this run's view of the warehouse (its copy, or its DuckLake transaction)."""
        with self._ensure_run().connect(read_only=read_only) as conn:
            yield conn

    def finish(self, publish: bool, log=None) -> bool:
        """Publish (or discard) the run and release the writer lock. Returns True if published."""
        published_now = False
        try:
            run = self._run
            if run is not None:
                if publish:
                    published_now = run.wrote
                    snapshot = run.publish(f"medpay run {run.run_id}")
                    if log is not None and published_now:
                        where = f" (snapshot {snapshot})" if snapshot is not None else ""
                        log.info(f"published warehouse {self.published}{where}")
                else:
                    run.discard()
                    if log is not None:
                        log.warning("run failed: discarded its writes; the published warehouse is unchanged")
            # Deferred outside effects follow the run's outcome (not whether it wrote the warehouse).
            self._run_hooks(self._on_publish if publish else self._on_discard, log)
        finally:
            self._run = None
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
