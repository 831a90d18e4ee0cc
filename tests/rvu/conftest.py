"""RVU test fixtures: the blocking checks, tmp landings, and the published warehouse as a copy of the
session's shared one (the real releases are parsed and loaded once, in tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.defs.rvu import checks
from pipelines.lib.paths import Paths

REPO_RAW = Path(__file__).resolve().parents[2] / "raw"
RVU_RAW = REPO_RAW / "cms" / "rvu"
CENSUS = REPO_RAW / "reference" / "census" / "national_county.txt"

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


@pytest.fixture
def publish_loaded(releases_db):
    """Make the tmp published warehouse a copy of the session's shared ``releases_db`` (tests/conftest.py:
    both real releases loaded, with their real landing fingerprints)."""

    def publish(paths: Paths) -> None:
        shutil.copyfile(releases_db, paths.warehouse)

    return publish


def land(paths: Paths, *release_ids: str, census: bool = True) -> None:
    """Symlink the real release folders (and the Census county list) into a tmp raw dir."""
    for rid in release_ids:
        (paths.rvu_dir / rid).symlink_to(RVU_RAW / rid, target_is_directory=True)
    if census:
        target = paths.reference_dir / "census"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CENSUS, target / CENSUS.name)
