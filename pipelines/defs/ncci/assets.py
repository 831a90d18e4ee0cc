"""The NCCI tables of one quarter: PTP edits and MUE values, parsed from raw/cms/ncci/ and replaced whole."""

import dagster as dg

from pipelines.defs.ncci.landing import scan
from pipelines.defs.ncci.partitions import ncci_quarter
from pipelines.lib.markdown import frame_table
from pipelines.lib.paths import Paths
from pipelines.lib.safe_input import InputLimits
from pipelines.lib.warehouse import Warehouse
from pipelines.ncci.load import QuarterLoad, ensure_ncci_objects, load_quarter
from pipelines.ops import refusals
from pipelines.parsing.ncci_files import NcciFileError
from pipelines.resources import InputLimitsResource, PathsResource

KIND_NAMES = {"ptp": "PTP edit", "mue": "MUE"}


def _metadata(parsed: QuarterLoad) -> dict[str, object]:
    preview = frame_table(parsed.preview)
    return {
        "dagster/row_count": parsed.rows_loaded,
        "quarter": parsed.quarter,
        "rows_read": parsed.rows_read,
        "rows_rejected": parsed.rows_rejected,
        "rows_duplicate": parsed.duplicates,
        "rejected_by_reason": dg.MetadataValue.json(parsed.reasons),
        "files": dg.MetadataValue.json(
            parsed.files.select(
                "source_file", "version", "rows_read", "rows_loaded", "rows_rejected"
            ).to_dicts()
        ),
        "preview": dg.MetadataValue.md(preview),
    }


def materialize_quarter(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    kind: str,
    paths: Paths,
    limits: InputLimits,
) -> dg.MaterializeResult:
    """Parse and load every landed file of ``kind`` for the partition's quarter, one file at a time in one
    transaction (a non-NCCI file is refused and rolls the quarter back)."""
    quarter = context.partition_key
    files, problems = scan(paths.ncci_dir)
    for problem in problems:
        context.log.warning(f"ignored: {problem}")
    if not any(f.kind == kind and f.quarter == quarter for f in files):
        context.log.warning(
            f"no NCCI {KIND_NAMES[kind]} files for {quarter} in {paths.ncci_dir}: table left as it was"
        )
        with warehouse.connect() as conn:
            ensure_ncci_objects(conn)
        return dg.MaterializeResult(
            metadata={"quarter": quarter, "files": 0, "note": "no files landed; unchanged"}
        )
    try:
        with warehouse.connect() as conn:
            parsed = load_quarter(conn, files, kind, quarter, paths.ncci_dir, limits)  # a refusal rolls back
    except NcciFileError as err:  # recorded for `medpay status`; the file and limit as metadata
        raise refusals.failure(paths, f"ncci_{kind}", quarter, paths.ncci_dir, err) from err
    refusals.clear(paths, f"ncci_{kind}", quarter)
    context.log.info(
        f"NCCI {KIND_NAMES[kind]} {quarter}: {parsed.rows_loaded} loaded, {parsed.rows_rejected} rejected, "
        f"{parsed.duplicates} exact duplicates of {parsed.rows_read} rows read"
    )
    return dg.MaterializeResult(metadata=_metadata(parsed))


@dg.asset(partitions_def=ncci_quarter, group_name="ncci", kinds={"duckdb", "polars"})
def ncci_ptp(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    paths: PathsResource,
    input_limits: InputLimitsResource,
) -> dg.MaterializeResult:
    """NCCI procedure-to-procedure edits of one quarter: one row per (setting, column 1, column 2, effective
    date), practitioner (ccipra) and outpatient hospital (ccioph), with dates, modifier indicator + label,
    rationale and source line. Source: CMS NCCI PTP files f1..f4 in raw/cms/ncci/."""
    return materialize_quarter(context, warehouse, "ptp", paths.paths, input_limits.limits)


@dg.asset(partitions_def=ncci_quarter, group_name="ncci", kinds={"duckdb", "polars"})
def ncci_mue(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    paths: PathsResource,
    input_limits: InputLimitsResource,
) -> dg.MaterializeResult:
    """NCCI medically unlikely edits of one quarter: one row per (service type, HCPCS) with the MUE value,
    adjudication indicator (MAI) + label and rationale. Source: CMS MUE tables (practitioner, outpatient
    hospital, DME) in raw/cms/ncci/."""
    return materialize_quarter(context, warehouse, "mue", paths.paths, input_limits.limits)
