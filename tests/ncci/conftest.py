"""NCCI test fixtures: the fixture quarter (CMS layout, invented edits) landed in a tmp raw dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines.lib.paths import Paths

FIXTURE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "ncci"
QUARTER_DIR = FIXTURE_DIR / "2025Q4"
PTP_F1_ZIP = QUARTER_DIR / "medicare-ncci-2025q4-practitioner-ptp-edits-ccipra-v313r0-f1.zip"
PTP_F2_TXT = QUARTER_DIR / "ccipra-v313r0-f2.txt"
PTP_OPH_TXT = QUARTER_DIR / "hospital" / "ccioph-v313r0-f1.txt"
MUE_PRACTITIONER = QUARTER_DIR / "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv"


def land(paths: Paths, folder: str = "2025Q4") -> Path:
    """Copy the fixture quarter into raw/cms/ncci/<folder>/ (as a landing folder)."""
    target = paths.ncci_dir / folder
    shutil.copytree(QUARTER_DIR, target)
    return target


@pytest.fixture
def instance():
    with dg.instance_for_test() as test_instance:
        yield test_instance
