"""CMS RVU release tables (group cms_rvu, one partition per release) and the release-to-release changes."""

from dataclasses import replace
from datetime import datetime
from typing import Any

import dagster as dg

from pipelines.defs.rvu import landing
from pipelines.defs.rvu.load import TABLES, TableLoad, effective_from, load_release
from pipelines.defs.rvu.partitions import rvu_release
from pipelines.lib.markdown import frame_table
from pipelines.lib.paths import Paths
from pipelines.lib.safe_input import InputLimits
from pipelines.lib.sql import ensure_tables, query, run_sql, transaction
from pipelines.lib.tables import delete_rows
from pipelines.lib.warehouse import Warehouse
from pipelines.ops import refusals
from pipelines.resources import InputLimitsResource, PathsResource

DESCRIPTIONS = {
    "rvu": "Physician fee schedule RVUs: one row per (release, HCPCS, modifier) from the PPRRVU file "
    "(CSV, else the fixed-width TXT): RVUs, status code, conversion factor, payment-policy indicators.",
    "gpci": "Geographic practice cost indices: one row per (release, MAC, locality) from GPCIyyyy.",
    "locality_county": "Counties of each payment locality: one row per (release, MAC, locality, county) "
    "from yyLOCCO, county names matched to Census FIPS codes.",
    "anesthesia_cf": "Locality-adjusted anesthesia conversion factors: one row per (release, MAC, locality) "
    "from ANESyyyy.",
    "opps_cap": "OPPS-capped imaging amounts: one row per (release, HCPCS, modifier, MAC, locality) from "
    "OPPSCAP.",
    "releases": "Loaded CMS RVU releases: one row per release with its release date, effective date (the "
    "release catalogue's when it lists the release, e.g. a correction's own date; else the quarter start), "
    "source files and SHA-256, per-table rows read / loaded / rejected, tables missing, and load time.",
}
PREVIEW_COLUMNS = {
    "rvu": ["hcpcs", "modifier", "description", "status_code", "work_rvu", "total_nonfacility_rvu"],
    "gpci": ["mac", "state", "locality", "locality_name", "work_gpci", "pe_gpci", "mp_gpci"],
    "locality_county": ["mac", "locality", "state", "fee_schedule_area", "county_name", "county_fips"],
    "anesthesia_cf": ["mac", "locality", "locality_name", "anesthesia_cf"],
    "opps_cap": ["hcpcs", "modifier", "mac", "locality", "facility_price", "nonfacility_price"],
}


def _table_metadata(release_id: str, load: TableLoad, frame: Any) -> dict[str, Any]:
    if load.missing:
        return {
            "dagster/row_count": 0,
            "release_id": release_id,
            "missing": dg.MetadataValue.text(f"release {release_id} has no file for this table"),
        }
    metadata: dict[str, Any] = {
        "dagster/row_count": load.rows_loaded,
        "release_id": release_id,
        "rows_read": load.rows_read,
        "rows_rejected": load.rows_rejected,
        "source_file": load.source_file,
        "source_format": load.format,
        "source_sha256": load.sha256,
        "preview": dg.MetadataValue.md(frame_table(frame, PREVIEW_COLUMNS[load.name])),
    }
    if load.rows_rejected:
        metadata["rejected_by_reason"] = dg.MetadataValue.json(load.rejected_by_reason)
    return metadata


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            name,
            group_name="cms_rvu",
            kinds={"duckdb", "polars"},
            partitions_def=rvu_release,
            description=DESCRIPTIONS[name],
        )
        for name in (*TABLES, "releases")
    ],
    can_subset=False,
    description="Parse one CMS RVU release (folder or zip) once and replace it in every release table.",
)
def rvu_release_tables(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    paths: PathsResource,
    input_limits: InputLimitsResource,
):
    from pipelines.parsing.cms_rvu import NotACmsRelease, read_release

    release_id = context.partition_key
    limits = input_limits.limits
    paths = paths.paths
    found = landing.locate(paths.rvu_dir, release_id)
    try:
        parsed = read_release(found.path, release_id=release_id, census=_census(paths, limits), limits=limits)
    except NotACmsRelease as err:  # recorded for `medpay status`; the file and limit as metadata
        raise refusals.failure(paths, "rvu", release_id, found.path, err) from err
    effective, effective_source = effective_from(parsed, paths)
    parsed = replace(parsed, effective_from=effective)
    fingerprint = landing.fingerprint(found, paths.rvu_dir)
    with warehouse.connect() as conn:
        loads = load_release(conn, parsed, fingerprint, loaded_at=datetime.now())
    refusals.clear(paths, "rvu", release_id)
    for name in TABLES:
        table = parsed.tables.get(name)
        frame = table.frame if table is not None else None
        yield dg.MaterializeResult(asset_key=name, metadata=_table_metadata(release_id, loads[name], frame))
    totals = {key: sum(getattr(t, key) for t in loads.values()) for key in ("rows_read", "rows_loaded")}
    yield dg.MaterializeResult(
        asset_key="releases",
        metadata={
            "dagster/row_count": 1,
            "release_id": release_id,
            "released_on": str(parsed.released_on),
            "effective_from": str(parsed.effective_from),
            "effective_from_source": effective_source,
            "source": found.path.name,
            "landing_sha256": fingerprint,
            "rows_read": totals["rows_read"],
            "rows_loaded": totals["rows_loaded"],
            "rows_rejected": sum(t.rows_rejected for t in loads.values()),
            "missing_tables": ", ".join(n for n, t in loads.items() if t.missing) or "none",
            "row_counts": dg.MetadataValue.json({n: t.as_json() for n, t in loads.items()}),
        },
    )


def _census(paths: Paths, limits: InputLimits):
    """The Census county list the locality-county crosswalk is matched against (None if absent)."""
    path = paths.reference_dir / "census" / "national_county.txt"
    if not path.is_file():
        return None
    from pipelines.parsing.reference import read_census_counties

    return read_census_counties(path, limits)


@dg.asset(
    group_name="analytics",
    kinds={"duckdb", "sql"},
    deps=["rvu", "releases"],
)
def rvu_changes(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """What changed between consecutive loaded RVU releases of the same PPRRVU track (by effective date,
    a correction right after its release; RVU25D precedes both RVU26A_NONQPP and RVU26A_QPP): one row per (from_release, to_release, hcpcs, modifier, change_type, field) for codes
    added, deleted, and whose RVUs, status or payment indicators changed."""
    with warehouse.connect() as conn:
        ensure_tables(conn, "releases", "rvu", "rvu_changes", "release_calendar", "rvu_fields")
        with transaction(conn):
            delete_rows(conn, "rvu_changes")
            run_sql(conn, "rvu/rvu_changes")
        summary = query(conn, "rvu/rvu_changes_summary").pl()
    rows = int(summary["rows"].sum()) if summary.height else 0
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "release_pairs": summary.select("from_release", "to_release").unique().height,
            "summary": dg.MetadataValue.md(frame_table(summary, summary.columns, rows=50)),
        }
    )
