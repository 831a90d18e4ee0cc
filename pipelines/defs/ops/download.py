"""The CMS download job: fetch catalogued releases that are missing into raw/cms/.

It only downloads. The landing sensors (rvu_release_landing, the NCCI one) then add the partition
and request the load, exactly as for files an operator drops in by hand: one path into the warehouse.
"""

from datetime import date

import dagster as dg

from pipelines.resources import InputLimitsResource, PathsResource


class DownloadConfig(dg.Config):
    release_ids: list[str] = []  # empty: every catalogued release not yet in raw/cms/ or the warehouse


@dg.op(description="Download missing catalogued CMS releases (RVU zips, NCCI quarters) into raw/cms/.")
def download_missing_releases(
    context: dg.OpExecutionContext,
    config: DownloadConfig,
    paths: PathsResource,
    input_limits: InputLimitsResource,
) -> dg.Output[list[str]]:
    from pipelines.ops.catalogue import catalogue_path, load_catalogue, normalise_id
    from pipelines.ops.refresh import fetch_release, plan

    limits = input_limits.limits
    paths = paths.paths
    catalogue = load_catalogue(catalogue_path(paths))
    found = plan(paths, catalogue, date.today())
    for rid in found.uncatalogued:
        context.log.warning(
            f"{rid} follows the CMS naming pattern but is not in the release catalogue: add its URL "
            "(and SHA-256) to raw/cms/releases.toml; download URLs are never guessed"
        )
    wanted = [normalise_id(i) for i in config.release_ids]
    unknown = [i for i in wanted if i not in catalogue]
    if unknown:
        raise dg.Failure(f"not in the release catalogue: {', '.join(unknown)}", allow_retries=False)
    todo = [catalogue[i] for i in wanted] if wanted else found.missing
    outcomes = []
    for release in todo:
        context.log.info(
            f"{release.id}: downloading {len(release.files)} file(s) into {release.landing_path(paths)}"
        )
        outcome = fetch_release(release, paths, limits=limits)
        outcomes.append(outcome)
        if outcome.status == "failed":
            context.log.error(f"{release.id}: {outcome.error_kind}: {outcome.error}")
        else:
            for result in outcome.files:
                check = "SHA-256 verified" if result.verified else "UNVERIFIED (no catalogue SHA-256)"
                context.log.info(f"{release.id}: {result.path.name} {result.bytes:,} bytes, {check}")
    failed = [o for o in outcomes if o.status == "failed"]
    metadata = {
        "downloaded": [o.release_id for o in outcomes if o.status == "downloaded"],
        "already_present": [o.release_id for o in outcomes if o.status == "present"],
        "failed": {o.release_id: f"{o.error_kind}: {o.error}" for o in failed},
        "uncatalogued": found.uncatalogued,
    }
    if failed:
        raise dg.Failure(
            "download failed for " + "; ".join(f"{o.release_id} ({o.error_kind}: {o.error})" for o in failed),
            metadata={k: dg.MetadataValue.json(v) for k, v in metadata.items()},
            allow_retries=False,
        )
    return dg.Output(
        [o.release_id for o in outcomes if o.status == "downloaded"],
        metadata={k: dg.MetadataValue.json(v) for k, v in metadata.items()},
    )


@dg.job(
    description="Download missing catalogued CMS releases into raw/cms/; the landing sensors load them.",
    tags={"medpay/kind": "download"},
)
def cms_download_job():
    download_missing_releases()
