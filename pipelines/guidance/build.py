"""Build tables code_billing_tips and code_denial_explanations from the warehouse (every loaded release).

tips, explanations = guidance_records(conn)      # lists of row dicts, ranked per code
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from pipelines.guidance import facts as fact_sql
from pipelines.guidance.library import Library, load_library
from pipelines.guidance.render import billing_tips, denial_explanations


def code_guidance(
    found: fact_sql.Warehouse, library: Library
) -> dict[tuple[str, str], tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """(release_id, hcpcs) -> (tips, explanations) for every code row fetched."""
    out = {}
    for row in found.codes:
        facts = fact_sql.code_facts(row, found)
        profile = found.profiles.get(row["hcpcs"])
        out[(row["release_id"], row["hcpcs"])] = (
            billing_tips(facts, library),
            denial_explanations(facts, profile, library, found.meanings),
        )
    return out


def guidance_records(
    conn: duckdb.DuckDBPyConnection, library: Library | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of code_billing_tips and code_denial_explanations (JSON columns as text)."""
    library = library or load_library()
    tips, explanations = [], []
    for (release_id, hcpcs), (code_tips, code_explanations) in code_guidance(
        fact_sql.load(conn), library
    ).items():
        for rank, tip in enumerate(code_tips, 1):
            impact = tip["impact"] or {}
            tips.append(
                {
                    "release_id": release_id,
                    "hcpcs": hcpcs,
                    "rank": rank,
                    "tip_id": tip["id"],
                    "kind": tip["kind"],
                    "title": tip["title"],
                    "text": tip["text"],
                    "impact_kind": impact.get("kind"),
                    "impact_value": impact.get("value"),
                    "impact_basis": impact.get("basis"),
                    "evidence": json.dumps(tip["evidence"]),
                    "applies_to": json.dumps(tip["applies_to"]) if "applies_to" in tip else None,
                    "rule_library_version": library.label,
                }
            )
        for rank, entry in enumerate(code_explanations, 1):
            explanations.append(
                {
                    "release_id": release_id,
                    "hcpcs": hcpcs,
                    "rank": rank,
                    "reason": entry["key"],
                    "meaning": entry["meaning"],
                    "likely_causes": json.dumps(entry.get("likely_causes", [])),
                    "prevention": entry.get("prevention"),
                    "evidence": json.dumps(entry["evidence"]),
                    "rule_library_version": library.label,
                }
            )
    return tips, explanations


TIP_COLUMNS = {
    "release_id": "String",
    "hcpcs": "String",
    "rank": "Int32",
    "tip_id": "String",
    "kind": "String",
    "title": "String",
    "text": "String",
    "impact_kind": "String",
    "impact_value": "Float64",
    "impact_basis": "String",
    "evidence": "String",
    "applies_to": "String",
    "rule_library_version": "String",
}
EXPLANATION_COLUMNS = {
    "release_id": "String",
    "hcpcs": "String",
    "rank": "Int32",
    "reason": "String",
    "meaning": "String",
    "likely_causes": "String",
    "prevention": "String",
    "evidence": "String",
    "rule_library_version": "String",
}


def write_tables(conn: duckdb.DuckDBPyConnection, library: Library | None = None) -> dict[str, int]:
    """Replace code_billing_tips and code_denial_explanations; returns their row counts."""
    import polars as pl

    from pipelines.lib.sql import run_sql_with_frame

    tips, explanations = guidance_records(conn, library)
    for name, rows, columns in (
        ("code_billing_tips", tips, TIP_COLUMNS),
        ("code_denial_explanations", explanations, EXPLANATION_COLUMNS),
    ):
        schema = {k: getattr(pl, v) for k, v in columns.items()}
        run_sql_with_frame(conn, f"guidance/{name}", pl.DataFrame(rows, schema=schema))
    return {"code_billing_tips": len(tips), "code_denial_explanations": len(explanations)}
