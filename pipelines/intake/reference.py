"""Reference checks of a contract-valid report: codes exist, the state is real, nothing is in the future."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from pipelines.intake.problems import Problem, echo, problem
from pipelines.lib.sql import run_sql

GROUP_CODES = frozenset({"CO", "PR", "OA", "PI", "CR"})
# A timestamp a few minutes ahead is clock skew between the website and us, not a future report.
CLOCK_SKEW = timedelta(minutes=10)
# Spreadsheet formula triggers (OWASP CSV injection): "=...", "@...", or "+"/"-" glued to a call.
FORMULA = re.compile(r"\s*(?:[=@]|[+\-]\S*[(!|])")


class ReferenceMissing(RuntimeError):
    """A reference table the checks need is absent or empty: load reference data and RVUs first."""


@dataclass(frozen=True)
class ReferenceData:
    hcpcs: frozenset[str]
    carc: frozenset[str]
    rarc: frozenset[str]
    states: frozenset[str]

    @property
    def sizes(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in ("hcpcs", "carc", "rarc", "states")}


def load_reference(conn: duckdb.DuckDBPyConnection) -> ReferenceData:
    """The code sets from the warehouse: HCPCS of every loaded RVU release, X12 codes, USPS states."""
    sets: dict[str, frozenset[str]] = {}
    for name, sql, table in (
        ("hcpcs", "reports/ref_hcpcs", "rvu"),
        ("carc", "reports/ref_carc", "x12_codes"),
        ("rarc", "reports/ref_rarc", "x12_codes"),
        ("states", "reports/ref_states", "usps_states"),
    ):
        try:
            values = frozenset(row[0] for row in run_sql(conn, sql).fetchall())
        except duckdb.CatalogException as err:
            raise ReferenceMissing(
                f"reference table {table} is not in the warehouse: run the reference job and load an "
                "RVU release before report intake"
            ) from err
        if not values:
            raise ReferenceMissing(f"reference table {table} has no {name} codes: reports cannot be checked")
        sets[name] = values
    return ReferenceData(**sets)


def parse_timestamp(value: str) -> datetime:
    """RFC 3339 timestamp -> naive UTC datetime (what the warehouse stores)."""
    parsed = datetime.fromisoformat(value.replace("z", "Z"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(tzinfo=None)


def _decimals(value: float | int) -> int:
    text = repr(value)
    return 0 if "." not in text or "e" in text.lower() else len(text.split(".")[1].rstrip("0"))


def reference_problems(record: dict[str, Any], ref: ReferenceData, now: datetime) -> list[Problem]:
    """Problems of a contract-valid ``record`` against the reference data; ``now`` is naive UTC."""
    out: list[Problem] = []
    hcpcs = record["hcpcs"]
    if hcpcs not in ref.hcpcs:
        out.append(
            problem(
                "hcpcs", "unknown_hcpcs", f"hcpcs{echo('hcpcs', hcpcs)} is not in any loaded CMS RVU release"
            )
        )
    for i, carc in enumerate(record["carc"]):
        group, code = carc.split("-", 1)
        if group not in GROUP_CODES:
            out.append(
                problem(
                    f"carc[{i}]", "unknown_group_code", f"carc[{i}] group {group!r} is not CO/PR/OA/PI/CR"
                )
            )
        if code not in ref.carc:
            out.append(
                problem(f"carc[{i}]", "unknown_carc", f"carc[{i}]{echo('carc', carc)} is not an X12 CARC")
            )
    for i, rarc in enumerate(record.get("rarc", ())):
        if rarc not in ref.rarc:
            out.append(
                problem(f"rarc[{i}]", "unknown_rarc", f"rarc[{i}]{echo('rarc', rarc)} is not an X12 RARC")
            )
    if record["state"] not in ref.states:
        out.append(
            problem(
                "state", "unknown_state", f"state{echo('state', record['state'])} is not a USPS state code"
            )
        )
    month = record["denial_month"]
    if month > now.strftime("%Y-%m"):
        out.append(
            problem(
                "denial_month",
                "future_denial_month",
                f"denial_month{echo('denial_month', month)} is in the future",
            )
        )
    submitted = parse_timestamp(record["submitted_at"])
    if submitted > now + CLOCK_SKEW:
        out.append(
            problem(
                "submitted_at",
                "future_submitted_at",
                f"submitted_at{echo('submitted_at', record['submitted_at'])} is in the future",
            )
        )
    elif month > submitted.strftime("%Y-%m"):
        out.append(
            problem(
                "denial_month",
                "denial_after_submission",
                f"denial_month{echo('denial_month', month)} is after the month the report was submitted",
            )
        )
    for name in ("billed_amount", "paid_amount"):
        if name in record and _decimals(record[name]) > 2:
            out.append(problem(name, "amount_precision", f"{name} has more than 2 decimals (cents)"))
    if record.get("paid_amount", 0) > record.get("billed_amount", float("inf")):
        out.append(problem("paid_amount", "paid_exceeds_billed", "paid_amount is larger than billed_amount"))
    for name in ("denial_reason_text", "appeal_strategy_text"):
        if name in record and FORMULA.match(record[name]):
            out.append(
                problem(
                    name,
                    "formula_like",
                    f"{name} starts like a spreadsheet formula (=, @, +/- followed by a call)",
                )
            )
    return out


def seed_reference_tables(conn: duckdb.DuckDBPyConnection, raw_dir: Path, release: str = "RVU25D") -> None:
    """For tests and benchmarks: x12_codes, usps_states and a minimal ``rvu`` (release_id, hcpcs,
    modifier) from the real files in ``raw_dir``, through the reference and RVU parsers."""
    from pipelines.lib.sql import run_sql_with_frame
    from pipelines.parsing import reference
    from pipelines.parsing.cms_pprrvu import read_pprrvu_csv

    reference_dir = raw_dir / "reference"
    run_sql_with_frame(
        conn, "reference/x12_codes", reference.read_x12_codes(reference_dir / "x12" / "carc-rarc.csv")
    )
    run_sql_with_frame(
        conn, "reference/usps_states", reference.read_usps_states(reference_dir / "usps_states.csv")
    )
    pprrvu = next((raw_dir / "cms" / "rvu" / release).glob("PPRRVU*.csv"))
    parsed, _meta = read_pprrvu_csv(pprrvu.read_bytes(), pprrvu.name, release)
    conn.register("incoming", parsed.frame.select("release_id", "hcpcs", "modifier"))
    try:
        conn.execute("create or replace table rvu as select * from incoming")
    finally:
        conn.unregister("incoming")
