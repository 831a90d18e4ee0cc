"""Denial report intake: one partition = one landed file, every row accepted, rejected, quarantined or a duplicate."""

from collections.abc import Iterator
from typing import Any

import dagster as dg

from pipelines.defs.reports import landing
from pipelines.defs.reports.partitions import report_file
from pipelines.intake.errors_report import build_error_report, write_error_report
from pipelines.intake.file_names import name_phi_kinds
from pipelines.intake.load import IntakeSummary, ingest_file
from pipelines.intake.reference import ReferenceMissing
from pipelines.lib.markdown import md_table
from pipelines.lib.sql import run_sql
from pipelines.lib.warehouse import Warehouse
from pipelines.ops import refusals
from pipelines.parsing.reports import ReportFileError
from pipelines.resources import InputLimitsResource, IntakeResource, PathsResource

GROUP = "reports"
KINDS = {"duckdb", "python"}
DESCRIPTIONS = {
    "reports": "Accepted biller-contributed denial reports: one row per report_id (unique across all files), "
    "contract-valid, checked against the RVU, X12 and USPS reference data, PHI-screened; free text only as "
    "its deny-by-default redacted rendering, dropped after the retention (ADR 0004).",
    "report_carc": "One row per accepted report and CARC position: group code (CO, PR ...) and reason code.",
    "report_rarc": "One row per accepted report and RARC (remark code) position.",
    "report_themes": "One row per accepted report, free-text field and theme derived from the text at intake "
    "(authorization_missing, bundled, units_over_limit ...): what the text said, without the text.",
    "intake_files": "One row per intake of a report file version (name + SHA-256): rows read and how many "
    "were accepted, rejected, quarantined for PHI or duplicates (they always add up).",
    "intake_outcomes": "The outcome of every input row of every report file, with a machine reason code and "
    "a message naming the field (never echoing patient information).",
    "quarantine": "Reports quarantined for possible patient information: the redacted record ([SSN], [NAME] ...; "
    "only provably safe tokens verbatim) and the finding kinds and positions only; never the raw text.",
}


def _specs() -> list[dg.AssetSpec]:
    # built in a function: AssetSpecs at module scope would be autodiscovered a second time
    rvu = dg.AssetDep("rvu", partition_mapping=dg.AllPartitionMapping())
    return [
        dg.AssetSpec(
            name,
            description=description,
            group_name=GROUP,
            kinds=KINDS,
            deps=["x12_codes", "usps_states", rvu] if name == "reports" else [],
        )
        for name, description in DESCRIPTIONS.items()
    ]


PREVIEW = "reports/accepted_preview"


def _metadata(
    summary: IntakeSummary, preview: str, kinds: list[tuple], error_file: str
) -> dict[str, dict[str, Any]]:
    file_meta = {"source_file": summary.source_file, "file_sha256": summary.file_sha256}
    reasons = md_table(["reason_code", "rows"], sorted(summary.reasons.items(), key=lambda kv: -kv[1]))
    return {
        "reports": {
            "dagster/row_count": summary.accepted,
            **file_meta,
            "preview": dg.MetadataValue.md(preview),
        },
        "report_carc": file_meta,
        "report_rarc": file_meta,
        "report_themes": file_meta,
        "intake_files": {
            "dagster/row_count": 1,
            **file_meta,
            **summary.as_metadata(),
            "reconciles": summary.reconciles,
            "reasons": dg.MetadataValue.md(reasons),
            "error_report": dg.MetadataValue.path(error_file),
        },
        "intake_outcomes": {
            "dagster/row_count": summary.rows_read,
            **file_meta,
            "reasons": dg.MetadataValue.md(reasons),
        },
        "quarantine": {
            "dagster/row_count": summary.quarantined,
            **file_meta,
            "finding_kinds": dg.MetadataValue.md(md_table(["kind", "reports"], kinds)),
        },
    }


@dg.multi_asset(specs=_specs(), partitions_def=report_file, can_subset=False)
def report_intake(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    paths: PathsResource,
    input_limits: InputLimitsResource,
    intake: IntakeResource,
) -> Iterator[dg.MaterializeResult]:
    """Take one landed report file in: PHI gate, contract and reference checks, exactly-once counting."""
    paths = paths.paths
    key = context.partition_key
    path = None
    try:
        path = landing.locate(paths.reports_dir, key)
        with warehouse.connect() as conn:
            summary = ingest_file(conn, path, key, limits=input_limits.limits, **intake.options())
            params = {"file_name": summary.source_file, "file_hash": summary.file_sha256}
            preview_cursor = run_sql(conn, PREVIEW, params)
            preview = md_table([d[0] for d in preview_cursor.description], preview_cursor.fetchall())
            kinds = run_sql(conn, "reports/quarantine_kinds", params).fetchall()
            report = build_error_report(conn, summary)
    except ReportFileError as err:
        if path is None or name_phi_kinds(path.name):  # a name with a finding is never recorded
            raise dg.Failure(description=str(err)) from err
        raise refusals.failure(paths, "reports", key, path, err) from err
    except (ReferenceMissing, FileNotFoundError) as err:
        raise dg.Failure(description=str(err)) from err
    refusals.clear(paths, "reports", key)
    error_file = write_error_report(paths.export_dir, key, report)
    context.log.info(
        f"{summary.source_file}: {summary.rows_read} rows read = {summary.accepted} accepted + "
        f"{summary.rejected} rejected + {summary.quarantined} quarantined + {summary.duplicates} duplicates"
    )
    for name, metadata in _metadata(summary, preview, kinds, str(error_file)).items():
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)
