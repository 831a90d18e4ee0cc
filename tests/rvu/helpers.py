"""Small builders for RVU test data: rows shaped exactly like the parsed tables (cms_schema)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import polars as pl

from pipelines.lib.sql import ensure_tables, run_sql
from pipelines.lib.tables import insert_frame
from pipelines.parsing.cms_rvu import SCHEMAS

RVU_DEFAULTS: dict[str, Any] = {
    "release_id": "RVU25A",
    "hcpcs": "99213",
    "modifier": "",
    "description": "Office o/p est low 20 min",
    "status_code": "A",
    "not_used_for_medicare": None,
    "work_rvu": Decimal("1.30"),
    "pe_nonfacility_rvu": Decimal("1.35"),
    "pe_nonfacility_na": False,
    "pe_facility_rvu": Decimal("0.57"),
    "pe_facility_na": False,
    "mp_rvu": Decimal("0.10"),
    "total_nonfacility_rvu": Decimal("2.75"),
    "total_facility_rvu": Decimal("1.97"),
    "pctc_indicator": "0",
    "global_days": "XXX",
    "preop_share": Decimal("0"),
    "intraop_share": Decimal("0"),
    "postop_share": Decimal("0"),
    "mult_proc_indicator": "0",
    "bilat_surg_indicator": "0",
    "asst_surg_indicator": "0",
    "co_surg_indicator": "0",
    "team_surg_indicator": "0",
    "endo_base": None,
    "conversion_factor": Decimal("32.3465"),
    "phys_supervision": "09",
    "calculation_flag": "0",
    "diag_imaging_family": "99",
    "opps_pe_nonfacility_rvu": Decimal("0"),
    "opps_pe_facility_rvu": Decimal("0"),
    "opps_mp_rvu": Decimal("0"),
    "source_file": "PPRRVU_TEST.csv",
    "source_line": 11,
}


def rvu_frame(*rows: dict[str, Any]) -> pl.DataFrame:
    """An rvu frame: each row is RVU_DEFAULTS updated with the given fields."""
    return pl.DataFrame([{**RVU_DEFAULTS, **row} for row in rows], schema=SCHEMAS["rvu"])


def release_params(release_id: str, effective_from: date, **over: Any) -> dict[str, Any]:
    params = {
        "release_id": release_id,
        "year": effective_from.year,
        "quarter_letter": release_id[5],
        "is_correction": release_id.endswith("R"),
        "released_on": None,
        "effective_from": effective_from,
        "title": None,
        "source": f"{release_id}/",
        "landing_sha256": "0" * 64,
        "files": "[]",
        "missing_tables": [],
        "row_counts": "{}",
        "rows_read": 0,
        "rows_loaded": 0,
        "rows_rejected": 0,
        "loaded_at": datetime(2025, 1, 1),
    }
    return {**params, **over}


def warehouse_with(
    conn: duckdb.DuckDBPyConnection, releases: list[dict[str, Any]], rvu: pl.DataFrame
) -> None:
    """Create the release tables and fill releases (via the loader's SQL) and rvu (from a frame)."""
    ensure_tables(conn, "rvu", "gpci", "locality_county", "anesthesia_cf", "opps_cap", "releases")
    ensure_tables(conn, "rejected_rows", "rvu_changes", "release_calendar", "rvu_fields")
    for params in releases:
        run_sql(conn, "rvu/releases", params)
    insert_frame(conn, "rvu", rvu.to_arrow())
