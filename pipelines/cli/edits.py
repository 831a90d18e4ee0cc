"""`medpay edits CODE1 CODE2`: is the pair bundled by an NCCI PTP edit on a date, which code is column 1,
can a modifier bypass it, and the MUE of each code, from the published warehouse.

Quick path like `medpay price`: imports duckdb only (no dagster, no GX, no polars); the published file
is opened read-only. The lookup is the analysts' macro ``ncci_pair`` (sql/macros/ncci_pair.sql).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import typer

from pipelines.cli.app import EXIT_NOT_FOUND, EXIT_USAGE, CliError, app, date_option

CODE = re.compile(r"^[0-9A-Z]{5}$")
MUE_SERVICE = {"practitioner": "practitioner", "outpatient": "outpatient_hospital"}


@app.command()
def edits(
    code1: str = typer.Argument(..., help="HCPCS/CPT code, e.g. 99213."),
    code2: str = typer.Argument(..., help="The other HCPCS/CPT code, e.g. 36415."),
    on: str = typer.Option(None, "--date", help="Date of service YYYY-MM-DD (default: today)."),
    setting: str = typer.Option(
        "practitioner", "--setting", help="practitioner (ccipra edits) or outpatient (hospital, ccioph)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Whether two codes are bundled by an NCCI PTP edit on a date, and the MUE of each."""
    import duckdb

    from pipelines.lib.published import WarehouseLocked, connect_published
    from pipelines.lib.sql import fetch_dicts, run_sql

    code_a, code_b = _code(code1), _code(code2)
    if code_a == code_b:
        raise CliError(f"give two different codes (got {code_a} twice)", exit_code=EXIT_USAGE)
    if setting not in MUE_SERVICE:
        raise CliError(f"unknown setting {setting!r}", "use --setting practitioner or --setting outpatient")
    on_date = date_option(on) or date.today()
    try:
        conn = connect_published()
    except FileNotFoundError as err:
        raise CliError(str(err), "run `medpay run` first", EXIT_NOT_FOUND) from err
    except (WarehouseLocked, duckdb.Error) as err:
        raise CliError(f"cannot open the published warehouse: {err}", exit_code=EXIT_NOT_FOUND) from err
    params = {"code_a": code_a, "code_b": code_b, "on_date": on_date, "setting": setting}
    try:
        try:
            [(quarter,)] = run_sql(
                conn, "ncci/pair_quarter", {"on_date": on_date, "setting": setting}
            ).fetchall()
        except duckdb.CatalogException:  # a warehouse that never loaded NCCI has no ncci_pair macro
            quarter = None
        if quarter is None:
            raise CliError(
                f"no NCCI {setting} quarter is loaded in the published warehouse",
                "land the CMS PTP files in raw/cms/ncci/ and run `medpay run`",
                EXIT_NOT_FOUND,
            )
        rows = fetch_dicts(run_sql(conn, "ncci/pair_edits", params))
        which = {"code_a": code_a, "code_b": code_b, "quarter": quarter, "service": MUE_SERVICE[setting]}
        mue = {r["hcpcs"]: r for r in fetch_dicts(run_sql(conn, "ncci/pair_mue", which))}
    finally:
        conn.close()
    answer = _answer(code_a, code_b, on_date, setting, quarter, rows, mue)
    typer.echo(json.dumps(answer, default=str) if as_json else _text(answer))


def _code(value: str) -> str:
    code = value.strip().upper()
    if not CODE.match(code):
        raise CliError(f"{value!r} is not a HCPCS/CPT code", "codes are 5 characters A-Z/0-9, e.g. 99213")
    return code


def _answer(
    code_a: str,
    code_b: str,
    on_date: date,
    setting: str,
    quarter: str,
    rows: list[dict[str, Any]],
    mue: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    active = next((r for r in rows if r["active"]), None)
    edit = None
    if active is not None:
        edit = {
            "column1": active["column1"],
            "column2": active["column2"],
            "modifier_indicator": active["modifier_indicator"],
            "modifier_label": active["modifier_label"],
            "modifier_can_bypass": active["modifier_can_bypass"],
            "modifier_meaning": active["modifier_meaning"],
            "effective_date": active["effective_date"].isoformat(),
            "deletion_date": active["deletion_date"].isoformat() if active["deletion_date"] else None,
            "rationale": active["rationale"],
        }
    history = [
        {
            "column1": r["column1"],
            "column2": r["column2"],
            "effective_date": r["effective_date"].isoformat(),
            "deletion_date": r["deletion_date"].isoformat() if r["deletion_date"] else None,
            "modifier_indicator": r["modifier_indicator"],
        }
        for r in rows
        if not r["active"]
    ]
    return {
        "codes": [code_a, code_b],
        "date": on_date.isoformat(),
        "setting": setting,
        "ncci_quarter": quarter,
        "bundled": edit is not None,
        "edit": edit,
        "other_windows": history,  # rows of the pair not active on the date (deleted, not yet effective)
        "mue": {
            code: None
            if code not in mue
            else {
                "value": mue[code]["mue_value"],
                "adjudication_indicator": mue[code]["mai"],
                "adjudication_label": mue[code]["mai_label"],
                "adjudication_meaning": mue[code]["mai_meaning"],
            }
            for code in (code_a, code_b)
        },
    }


def _text(answer: dict[str, Any]) -> str:
    code_a, code_b = answer["codes"]
    lines = [
        f"{code_a} + {code_b} on {answer['date']}  (NCCI {answer['ncci_quarter']} {answer['setting']} PTP edits)"
    ]
    edit = answer["edit"]
    if edit is None:
        lines.append("  not bundled: no PTP edit of this pair is active on that date")
    else:
        ends = f"deleted after {edit['deletion_date']}" if edit["deletion_date"] else "no deletion date"
        lines += [
            f"  BUNDLED: column 1 {edit['column1']}, column 2 {edit['column2']} "
            f"(effective {edit['effective_date']}, {ends})",
            f"  modifier indicator {edit['modifier_indicator']}: {edit['modifier_label']}"
            f" - {'a modifier can bypass it' if edit['modifier_can_bypass'] else 'no modifier bypasses it'}",
            f"    {edit['modifier_meaning']}",
        ]
        if edit["rationale"]:
            lines.append(f"  rationale: {edit['rationale']}")
    for other in answer["other_windows"]:
        ends = other["deletion_date"] or "*"
        lines.append(
            f"  other window: {other['column1']}/{other['column2']} {other['effective_date']} .. {ends}"
            f" (indicator {other['modifier_indicator']}), not active on {answer['date']}"
        )
    for code, mue in answer["mue"].items():
        if mue is None:
            lines.append(f"  MUE {code}: none in {answer['ncci_quarter']}")
        else:
            lines.append(
                f"  MUE {code}: {mue['value']} unit(s), MAI {mue['adjudication_indicator']} "
                f"{mue['adjudication_label']}"
            )
    return "\n".join(lines)
