"""`medpay tips`: a code's billing tips and denial explanations from the published warehouse.

Quick path like `medpay price`: duckdb and the SQL runner only (no dagster, GX or polars); reads the
tables the `guidance` assets built (code_billing_tips, code_denial_explanations), read-only.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from pipelines.cli.app import EXIT_NOT_FOUND, CliError, app


@app.command()
def tips(
    hcpcs: str = typer.Argument(..., help="HCPCS/CPT code, e.g. 97110."),
    release: str = typer.Option(None, "--release", help="Release id, e.g. RVU25D (default: the latest)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Billing tips (ranked) and denial explanations of one code, each with its evidence."""
    import duckdb

    from pipelines.guidance import stored
    from pipelines.lib.published import connect_published
    from pipelines.lib.sql import run_sql

    code = hcpcs.strip().upper()
    try:
        conn = connect_published()
    except (FileNotFoundError, duckdb.Error) as err:
        raise CliError(str(err), "run `medpay run` first", EXIT_NOT_FOUND) from err
    try:
        tables = {row[0] for row in run_sql(conn, "ops/table_names").fetchall()}
        if not {"code_billing_tips", "code_denial_explanations", "releases"} <= tables:
            raise CliError("the warehouse has no billing tips yet", "run `medpay run`", EXIT_NOT_FOUND)
        found = run_sql(conn, "guidance/tips_release", {"release_id": release}).fetchall()
        if not found:
            raise CliError(f"no billing tips for release {release}", "see `medpay status`", EXIT_NOT_FOUND)
        release_id = found[0][0]
        params = {"release_id": release_id, "hcpcs": code}
        known = run_sql(conn, "guidance/code_known", params).fetchall()
        if not known:
            raise CliError(f"no code {code} in {release_id}", "check the code", EXIT_NOT_FOUND)
        found_tips = stored.tips(conn, release_id, code)
        found_explanations = stored.explanations(conn, release_id, code)
    finally:
        conn.close()
    result = {
        "hcpcs": code,
        "description": known[0][0],
        "release_id": release_id,
        "rule_library_version": found[0][1],
        "billing_tips": [tip for _, tip in found_tips],
        "explanations": [entry for _, entry in found_explanations],
    }
    typer.echo(json.dumps(result) if as_json else _text(result))


def _text(result: dict[str, Any]) -> str:
    lines = [f"{result['hcpcs']}  {result['description']}   (release {result['release_id']})"]
    if not result["billing_tips"]:
        lines.append("  no billing tips: no rule of the library applies to this code")
    for i, tip in enumerate(result["billing_tips"], 1):
        lines.append(f"{i:>3}. [{tip['kind']}] {tip['title']}")
        lines.append(f"     {tip['text']}")
        if tip["impact"]:
            lines.append(f"     impact: {tip['impact']['basis']}")
        lines += [f"     source: {e['ref']}" for e in tip["evidence"]]
    if result["explanations"]:
        lines.append("denial explanations (published crowd data):")
    for entry in result["explanations"]:
        lines.append(f"  {entry['key']}: {entry['meaning']}")
        lines += [f"     - {c}" for c in entry.get("likely_causes", [])]
        if entry.get("prevention"):
            lines.append(f"     prevent: {entry['prevention']}")
    return "\n".join(lines)
