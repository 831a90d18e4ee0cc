"""Millions of rows: parsing streams in constant memory, intake holds one bounded batch at a time."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import duckdb
import pytest

from pipelines.intake import load
from pipelines.intake.classify import classify_batch
from pipelines.intake.load import ingest_file
from pipelines.parsing.reports import iter_rows

from .conftest import NOW

pytestmark = pytest.mark.slow  # a million lines and 20,000 rows: runs in the full suite, skip with -m 'not slow'


def test_a_million_lines_stream_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "million.jsonl"
    with open(path, "w") as handle:
        for i in range(1_000_000):
            handle.write(f'{{"i": {i}}}\n')
    tracemalloc.start()
    count = last = 0
    for row in iter_rows(path):
        count, last = count + 1, row.line
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == last == 1_000_000
    assert peak < 1024 * 1024  # one line at a time


def test_intake_holds_one_batch_at_a_time(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int] = []

    def spy(rows, ctx):
        sizes.append(len(rows))
        return classify_batch(rows, ctx)

    monkeypatch.setattr(load, "classify_batch", spy)
    path = tmp_path / "many.jsonl"
    path.write_text('{"schema_version": 1}\n' * 20_000)  # every row rejected: missing fields
    summary = ingest_file(conn, path, path.name, now=NOW, batch_size=1_500, workers=1)
    assert summary.rows_read == sum(sizes) == 20_000 and max(sizes) == 1_500 and len(sizes) == 14
    assert conn.execute("select count(*) from intake_outcomes where outcome = 'rejected'").fetchone() == (
        20_000,
    )
