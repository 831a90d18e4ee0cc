"""RVU test fixtures: the two real releases parsed once, a warehouse holding both, tmp landings."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.defs.rvu import checks
from pipelines.lib.paths import Paths

REPO_RAW = Path(__file__).resolve().parents[2] / "raw"
RVU_RAW = REPO_RAW / "cms" / "rvu"
CENSUS = REPO_RAW / "reference" / "census" / "national_county.txt"
RELEASES = ("RVU25D", "RVU25A")

# Every blocking check of a release load (materialised with the assets in end-to-end tests).
CHECKS = [
    checks.rvu_expectations,
    checks.gpci_expectations,
    checks.locality_county_expectations,
    checks.anesthesia_cf_expectations,
    checks.opps_cap_expectations,
    checks.rvu_row_count_change,
    checks.releases_rows_reconcile,
]


@pytest.fixture(scope="session")
def parsed_releases():
    from pipelines.parsing.cms_rvu import read_release
    from pipelines.parsing.reference import read_census_counties

    census = read_census_counties(CENSUS)
    return {rid: read_release(RVU_RAW / rid, release_id=rid, census=census) for rid in RELEASES}


@pytest.fixture(scope="session")
def loaded_db(tmp_path_factory, parsed_releases) -> Path:
    """A DuckDB file with both real releases loaded through the loader, with their real landing
    fingerprints (read it read-only, or copy it as a tmp published warehouse: see ``publish_loaded``)."""
    from pipelines.defs.rvu.landing import fingerprint, locate
    from pipelines.defs.rvu.load import load_release

    path = tmp_path_factory.mktemp("rvu_db") / "loaded.duckdb"
    with duckdb.connect(str(path)) as conn:
        for rid, parsed in parsed_releases.items():
            digest = fingerprint(locate(RVU_RAW, rid), RVU_RAW)
            load_release(conn, parsed, landing_sha256=digest, loaded_at=datetime(2025, 11, 1))
    return path


@pytest.fixture
def publish_loaded(loaded_db):
    """Make the tmp published warehouse a copy of ``loaded_db`` (both real releases loaded)."""

    def publish(paths: Paths) -> None:
        shutil.copyfile(loaded_db, paths.warehouse)

    return publish


def land(paths: Paths, *release_ids: str, census: bool = True) -> None:
    """Symlink the real release folders (and the Census county list) into a tmp raw dir."""
    for rid in release_ids:
        (paths.rvu_dir / rid).symlink_to(RVU_RAW / rid, target_is_directory=True)
    if census:
        target = paths.reference_dir / "census"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CENSUS, target / CENSUS.name)
