"""Refused landings: what `medpay status` and the Dagster run show when an input was turned away.

A refusal never touches the published warehouse or the exports (the run fails before publishing,
ADR 0001), so it is remembered beside them, in ``<warehouse dir>/refused_landings.json``: one entry
per partition (RVU release, NCCI quarter, report file, reference), with the file, the reason and the
limit it broke (pipelines/lib/safe_input.py). The entry goes when that partition next loads, or when
its landing is gone from raw/. One writer at a time: runs are queued one by one (dagster.yaml).

No Dagster import here: `medpay status` reads this file.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.lib.paths import Paths
from pipelines.lib.safe_input import refusal_details

FILE = "refused_landings.json"


def journal_path(paths: Paths) -> Path:
    from pipelines.lib.backend import backend_for

    return backend_for(paths.warehouse).side_dir / FILE  # a DuckLake: beside its catalog


def _read(paths: Paths) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(journal_path(paths).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(paths: Paths, entries: dict[str, dict[str, Any]]) -> None:
    target = journal_path(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    temp.write_text(json.dumps(entries, indent=2, sort_keys=True, default=str), encoding="utf-8")
    os.replace(temp, target)


def _key(kind: str, partition: str) -> str:
    return f"{kind}:{partition}"


def record(
    paths: Paths, kind: str, partition: str, landing: Path | None, error: BaseException
) -> dict[str, Any]:
    """Remember that ``partition`` of ``kind`` (rvu, ncci, reports, reference) was refused; returns the
    entry (also the Dagster failure metadata)."""
    entry: dict[str, Any] = {
        "kind": kind,
        "partition": partition,
        "landing": str(landing) if landing else None,
        "reason": str(error),
        "refused_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **refusal_details(error),
    }
    entries = _read(paths)
    entries[_key(kind, partition)] = entry
    _write(paths, entries)
    return entry


def clear(paths: Paths, kind: str, partition: str) -> None:
    """Forget a refusal once ``partition`` loaded."""
    entries = _read(paths)
    if entries.pop(_key(kind, partition), None) is not None:
        _write(paths, entries)


def current(paths: Paths) -> list[dict[str, Any]]:
    """Refusals whose landing is still in raw/ (oldest first)."""
    entries = [e for e in _read(paths).values() if not e.get("landing") or Path(e["landing"]).exists()]
    return sorted(entries, key=lambda e: e.get("refused_at", ""))


def failure(paths: Paths, kind: str, partition: str, landing: Path | None, error: BaseException):
    """Record the refusal and return the ``dg.Failure`` to raise: the reason as its description, the
    file and the broken limit as metadata (shown on the run's page in the Dagster UI)."""
    import dagster as dg

    entry = record(paths, kind, partition, landing, error)
    metadata = {k: v for k, v in entry.items() if v is not None and k != "reason"}
    return dg.Failure(description=str(error), metadata=metadata, allow_retries=False)
