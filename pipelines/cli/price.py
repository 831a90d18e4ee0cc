"""`medpay price`: what Medicare pays for one code, with its breakdown, from the published warehouse.

Quick path: imports duckdb and pipelines.pricing only (no dagster, no GX, no polars); the
published file is opened read-only through pipelines.lib.published.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

import typer

from pipelines.cli.app import EXIT_NOT_FOUND, EXIT_USAGE, CliError, app, date_option


@app.command()
def price(
    hcpcs: str = typer.Argument(..., help="HCPCS/CPT code, e.g. 99213."),
    modifier: list[str] = typer.Option(  # noqa: B008 - typer idiom
        [], "--modifier", "-m", help="Modifier (repeatable): 26 TC 50 51 62 80 AS ..."
    ),
    zip_code: str = typer.Option(None, "--zip", help="ZIP code -> its Medicare payment locality."),
    locality: str = typer.Option(
        None, "--locality", help="MAC-LOC as in GPCIyyyy (01112-05), or a one-locality state."
    ),
    national: bool = typer.Option(
        False, "--national", help="National amount (all GPCIs 1.000); the default."
    ),
    setting: str = typer.Option("nonfacility", "--setting", help="facility or nonfacility."),
    on: str = typer.Option(None, "--date", help="Date of service YYYY-MM-DD: picks the release in effect."),
    release: str = typer.Option(
        None, "--release", help="Explicit release id, e.g. RVU25D, RVU26C_QPP (RVU26C: its --track file)."
    ),
    track: str = typer.Option(
        None,
        "--track",
        help="PPRRVU track from 2026 on: NONQPP (the default) or QPP; picks the release by --date.",
    ),
    units: int = typer.Option(1, "--units", help="Units of service."),
    rank: int = typer.Option(None, "--rank", help="Place among the day's multiple procedures (1 = full)."),
    base_units: str = typer.Option(None, "--base-units", help="Anesthesia base units (status J codes)."),
    time_units: str = typer.Option(None, "--time-units", help="Anesthesia time units (status J codes)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Price one HCPCS code for a locality, setting and date, with every adjustment explained."""
    import duckdb

    from pipelines.lib.published import connect_published, published_path
    from pipelines.pricing.model import PricingError
    from pipelines.pricing.quote import quote

    if sum(x is not None for x in (zip_code, locality)) + national > 1:
        raise CliError("give only one of --zip, --locality, --national", exit_code=EXIT_USAGE)
    if on is not None and release is not None:
        raise CliError("give --date or --release, not both", exit_code=EXIT_USAGE)
    track = _track(track, release)
    if setting not in ("facility", "nonfacility"):
        raise CliError(f"unknown setting {setting!r}", "use --setting facility or --setting nonfacility")
    path = published_path()
    try:
        conn = connect_published()
    except FileNotFoundError as err:
        raise CliError(f"no published warehouse at {path}", "run `medpay run` first", EXIT_NOT_FOUND) from err
    except duckdb.Error as err:
        raise CliError(f"cannot open the warehouse {path}: {err}", exit_code=EXIT_NOT_FOUND) from err
    try:
        result = quote(
            conn,
            hcpcs,
            tuple(modifier),
            locality=locality,
            zip_code=zip_code,
            setting=setting,
            on=date_option(on),
            release_id=release,
            track=track,
            units=units,
            rank=rank,
            base_units=_units(base_units, "--base-units"),
            time_units=_units(time_units, "--time-units"),
        )
    except PricingError as err:
        raise CliError(err.message, err.hint, EXIT_NOT_FOUND if err.not_found else EXIT_USAGE) from err
    finally:
        conn.close()
    if as_json:
        typer.echo(json.dumps(result.to_json()))
    else:
        typer.echo(_text(result))


def _track(value: str | None, release: str | None) -> str:
    """--track checked: NONQPP or QPP (any case); with a 2026+ --release (RVU26C_QPP) it must be that
    release's track (a release before 2026 serves both)."""
    if value is None:
        return "NONQPP"
    track = value.strip().upper()
    if track not in ("NONQPP", "QPP"):
        raise CliError(f"--track {value!r} is not a PPRRVU track", "use --track NONQPP or --track QPP")
    given = re.search(r"_((?:NON)?QPP)$", (release or "").strip().upper())
    if given and given.group(1) != track:
        raise CliError(
            f"--release {release} is not on the {track} track",
            f"give the track in the release id (e.g. RVU26C_{track}) and drop --track",
            exit_code=EXIT_USAGE,
        )
    return track


def _units(value: str | None, flag: str) -> Decimal | None:
    if value is None:
        return None
    try:
        parsed = Decimal(value)
    except InvalidOperation as err:
        raise CliError(f"{flag} {value!r} is not a number", "e.g. 5 or 3.2") from err
    if parsed < 0:
        raise CliError(f"{flag} must not be negative")
    return parsed


def _money(value: Decimal | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def _text(p) -> str:
    mods = "".join(f"-{m}" for m in p.modifiers)
    lines = [
        f"{p.hcpcs}{mods}  {p.description}",
        f"  release {p.release_id} | {p.locality} {p.locality_name} | {p.setting}"
        + (f" | {p.units} units" if p.units > 1 else ""),
        f"  status {p.status_code}: {p.status_label}",
        f"  amount: {_money(p.amount)}   ({p.reason})",
    ]
    if p.amount is not None:
        lines.append(
            f"  non-participating: {_money(p.nonpar_amount)}   limiting charge: {_money(p.limiting_charge)}"
        )
    if p.rvu:
        rvu, gpci = p.rvu, p.gpci
        lines.append(
            f"  RVUs ({p.row_modifier or 'global'} row): work {rvu['work']}  PE {rvu['pe']}  MP {rvu['mp']}"
            f"   GPCIs: {gpci['work']} / {gpci['pe']} / {gpci['mp']}"
            + (
                f" (from {p.gpci_release_id})"
                if p.gpci_release_id and p.gpci_release_id != p.release_id
                else ""
            )
        )
        lines.append(
            f"  conversion factor {p.conversion_factor}   fee schedule amount {_money(p.fee_schedule_amount)}"
        )
    elif p.conversion_factor is not None and p.status_code == "J":
        lines.append(f"  anesthesia conversion factor {p.conversion_factor}")
    for adj in p.adjustments:
        factor = "" if adj.factor is None else f" x {adj.factor.normalize()}"
        lines.append(f"  - {adj.step}{factor}: {adj.detail}  [{adj.source}]")
    lines.extend(f"  note: {n}" for n in p.notes)
    return "\n".join(lines)
