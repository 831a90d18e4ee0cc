"""Analysts never block the pipeline and never see half a refresh (ADR 0001, ADR 0006), tested for real
on the backend under test: a read-only connection is held open, and other readers keep querying,
across a full refresh_job."""

from __future__ import annotations

import threading
import time

import dagster as dg
from warehouse_backend import LAKE

from pipelines.export.publish import current_build
from pipelines.lib.published import connect_published

COUNT = "select count(*), max(assessed_at) from data_freshness"


def test_open_reader_across_a_full_refresh(scratch):
    from pipelines.definitions import defs

    held = connect_published()
    before = held.execute(COUNT).fetchall()[0]
    live_before = current_build(scratch.export_dir)
    stop, errors, answers = threading.Event(), [], []

    def analyst() -> None:
        while not stop.is_set():
            try:
                with connect_published() as conn:
                    answers.append(conn.execute(COUNT).fetchall()[0])
            except Exception as err:
                errors.append(repr(err))
            time.sleep(0.05)

    # a staged build left by a killed run, newer by name than the one this run stages: the blocking
    # export checks must verify the build this run's code_pages step recorded, not the newest on disk
    (scratch.export_dir / "builds" / "99991231T000000000000Z.staged").mkdir(parents=True)
    reader = threading.Thread(target=analyst)
    reader.start()
    try:
        with dg.DagsterInstance.ephemeral() as instance:
            result = defs.resolve_job_def("refresh_job").execute_in_process(
                instance=instance, raise_on_error=False
            )
    finally:
        stop.set()
        reader.join()
    assert result.success
    held_answer = held.execute(COUNT).fetchall()[0]
    held.close()  # (DuckDB shares one instance per open file: close it before a fresh connect)
    with connect_published() as fresh:
        after = fresh.execute(COUNT).fetchall()[0]
    # The held connection reads a whole published state: a file reader keeps the file it opened,
    # a DuckLake reader the latest snapshot at each query. Never a half-written refresh.
    assert held_answer == (after if LAKE else before)
    assert after[1] > before[1]  # the refresh was published
    assert errors == []
    assert answers and set(answers) <= {before, after}  # every answer is a whole snapshot
    assert current_build(scratch.export_dir) != live_before  # and it switched the export
