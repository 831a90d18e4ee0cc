"""`medpay run`'s refresh stage runs only when something it depends on changed: a run that loads
nothing (every landing refused, or nothing new) leaves the published warehouse and exports untouched."""

from __future__ import annotations

import hashlib

import dagster as dg
import pytest

from pipelines.export.publish import current_build
from pipelines.lib.runner import STAGES, refresh_inputs, run_pipeline
from pipelines.resources import PathsResource, resources

REFRESH = [s for s in STAGES if s.job == "refresh_job"]


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_refresh_is_skipped_until_an_input_changes(scratch, monkeypatch):
    from pipelines.definitions import defs

    said: list[str] = []
    with dg.DagsterInstance.ephemeral() as instance:
        first = run_pipeline(
            defs, instance, resources(paths=PathsResource.of(scratch)), stages=REFRESH, on_event=said.append
        )
        assert [o.success for o in first] == [True]
        warehouse, live = _sha(scratch.warehouse), current_build(scratch.export_dir)

        again = run_pipeline(
            defs, instance, resources(paths=PathsResource.of(scratch)), stages=REFRESH, on_event=said.append
        )
        assert again == [] and any("inputs unchanged" in line and "skipped" in line for line in said)
        assert _sha(scratch.warehouse) == warehouse and current_build(scratch.export_dir) == live

        monkeypatch.setenv("MEDPAY_MIN_REPORTS", "6")  # a setting the pages depend on
        changed = run_pipeline(defs, instance, resources(paths=PathsResource.of(scratch)), stages=REFRESH)
        assert [o.success for o in changed] == [True] and current_build(scratch.export_dir) != live

        forced = run_pipeline(
            defs, instance, resources(paths=PathsResource.of(scratch)), stages=REFRESH, force=True
        )
        assert [o.success for o in forced] == [True]


def test_the_refresh_digest_follows_the_load_state_and_the_live_export(scratch):
    digest, tables = refresh_inputs(scratch)
    assert refresh_inputs(scratch)[0] == digest and "code_payment_summary" in tables
    import duckdb

    with duckdb.connect(str(scratch.warehouse)) as conn:  # a report file that a load stage published
        conn.execute("update intake_files set file_sha256 = 'x' || file_sha256 where rowid = 0")
    assert refresh_inputs(scratch)[0] != digest
