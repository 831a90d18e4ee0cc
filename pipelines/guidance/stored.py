"""Read the stored guidance tables back as code_page.v2 items (export, `medpay tips`, blocking check).

Light on purpose: duckdb and the SQL runner only, so `medpay tips` stays a quick path.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from pipelines.lib.sql import fetch_dicts, run_sql


def tips(
    conn: duckdb.DuckDBPyConnection, release_id: str | None = None, hcpcs: str | None = None
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """[(row, tip)] in rank order; ``row`` keeps release_id, hcpcs and rule_library_version."""
    out = []
    for row in fetch_dicts(run_sql(conn, "guidance/stored_tips", {"release_id": release_id, "hcpcs": hcpcs})):
        impact = None
        if row["impact_kind"] is not None:
            impact = {
                "kind": row["impact_kind"],
                "value": float(row["impact_value"]),
                "basis": row["impact_basis"],
            }
        tip = {
            "id": row["tip_id"],
            "kind": row["kind"],
            "title": row["title"],
            "text": row["text"],
            "impact": impact,
            "evidence": json.loads(row["evidence"]),
        }
        if row["applies_to"] is not None:
            tip["applies_to"] = json.loads(row["applies_to"])
        out.append((row, tip))
    return out


def explanations(
    conn: duckdb.DuckDBPyConnection, release_id: str, hcpcs: str | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """[(hcpcs, explanation)] in page order."""
    out = []
    params = {"release_id": release_id, "hcpcs": hcpcs}
    for row in fetch_dicts(run_sql(conn, "guidance/stored_explanations", params)):
        entry: dict[str, Any] = {"key": row["reason"], "meaning": row["meaning"]}
        causes = json.loads(row["likely_causes"])
        if causes:
            entry["likely_causes"] = causes
        if row["prevention"] is not None:
            entry["prevention"] = row["prevention"]
        entry["evidence"] = json.loads(row["evidence"])
        out.append((row["hcpcs"], entry))
    return out
