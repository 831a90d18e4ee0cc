"""The website export: one code_page.v2 JSON per HCPCS code, manifest, Parquet, change report."""

import dagster as dg

from pipelines.defs.exports.config import ExportConfig
from pipelines.export import publish
from pipelines.export.build import export_code_pages
from pipelines.lib.markdown import md_table
from pipelines.lib.warehouse import Warehouse
from pipelines.resources import PathsResource, SuppressionResource

GROUP = "exports"
INPUTS = [
    "code_payment_summary",
    "payment",
    "code_denial_profile",
    "data_freshness",
    "ncci_ptp",
    "ncci_mue",
    "code_billing_tips",
    "code_denial_explanations",
]


def _changes_md(changes: dict) -> str:
    rows = changes["changes"][:15]
    if not rows:
        return "first export" if changes.get("first_export") else "no code changed"
    return md_table(
        ["hcpcs", "what changed"], [(c["hcpcs"], ", ".join(k for k in c if k != "hcpcs")) for c in rows]
    )


@dg.asset(group_name=GROUP, kinds={"duckdb", "json", "parquet"}, deps=INPUTS)
def code_pages(
    context: dg.AssetExecutionContext,
    config: ExportConfig,
    warehouse: Warehouse,
    paths: PathsResource,
    suppression: SuppressionResource,
) -> dg.MaterializeResult:
    """Website export under MEDPAY_EXPORT_DIR: codes/<HCPCS>.json (contract code_page.v2, one per code
        of the release in effect), manifest.json (releases, NCCI version, report cut-off, SHA-256 of every
        file), code_pages.parquet, changes.json and localities.json; plus the static preview of the build (previews/<build>/: one
    HTML page per code and an index with a code search, rendered from the verified documents). Built in a new directory, schema-validated and
        privacy-gated on the files, then staged; it is switched live atomically (`current`) only when the
        whole run succeeds, right after the warehouse is published. A refused build, or a failed run,
        leaves the previous export live."""
    export_root = paths.paths.export_dir
    with warehouse.connect(read_only=True) as conn:
        result = export_code_pages(
            conn, export_root, config.rules(suppression), keep=config.keep, stage_only=True
        )
    staged = result.path

    def switch_export_live() -> None:
        publish.switch(export_root, staged, keep=config.keep)

    def discard_export() -> None:
        publish.discard(staged)

    warehouse.when_run_ends(switch_export_live, discard_export)
    warehouse.note("export_build", result.build_id)  # DuckLake: the snapshot says which export it made
    context.log.info(
        f"export {result.build_id}: {result.documents} documents, {result.bytes / 1e6:.1f} MB, "
        f"steps {result.seconds}"
    )
    return dg.MaterializeResult(
        metadata={
            "documents": result.documents,
            "bytes": result.bytes,
            "build_id": result.build_id,
            "state": "staged: goes live when the run succeeds",
            "path": dg.MetadataValue.path(str(result.path)),
            # the static preview (docs/data_dictionary/exports.md): the live one, and this build's once it is switched live
            "preview": dg.MetadataValue.url((export_root / publish.PREVIEW / "index.html").as_uri()),
            "preview_of_this_build": dg.MetadataValue.path(
                str(publish.preview_dir(export_root, result.build_id) / "index.html")
            ),
            "release": result.manifest["releases"]["rvu"],
            "ncci_version": result.manifest["releases"]["ncci"] or "none loaded",
            "report_cutoff": result.manifest["report_cutoff"] or "no reports",
            "confidence": dg.MetadataValue.json(result.manifest["confidence"]),
            "changes_count": result.changes["counts"].get("codes_changed", 0),
            "changes": dg.MetadataValue.md(_changes_md(result.changes)),
            "seconds": dg.MetadataValue.json(result.seconds),
        }
    )
