"""Markdown tables for Dagster metadata (MetadataValue.md): one helper for rows and one for frames."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def md_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A pipe table; None shows as an empty cell."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def frame_table(frame: Any, columns: Sequence[str] | None = None, rows: int = 5) -> str:
    """The first ``rows`` rows of a Polars frame (the given columns that it has) as a pipe table."""
    head = frame.select([c for c in columns if c in frame.columns] if columns else frame.columns).head(rows)
    return md_table(head.columns, head.iter_rows()) if head.height else "(none)"
