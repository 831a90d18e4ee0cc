"""Fixtures for intake tests: a reference warehouse seeded once from the REAL files in raw/."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.intake.reference import seed_reference_tables
from pipelines.lib.paths import REPO_ROOT

RAW = REPO_ROOT / "raw"
# The "current time" of intake tests: reports of 2025 are in the past, 2026-01 is in the future.
NOW = datetime(2025, 11, 15, 12, 0, 0)


def seed_reference(conn: duckdb.DuckDBPyConnection) -> None:
    """x12_codes, usps_states (the reference parsers + SQL) and the RVU25D HCPCS codes (the PPRRVU parser)."""
    seed_reference_tables(conn, RAW)


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    with duckdb.connect(str(path)) as conn:
        seed_reference(conn)
    return path


@pytest.fixture
def warehouse_db(reference_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded warehouse file."""
    path = tmp_path / "intake.duckdb"
    shutil.copyfile(reference_db, path)
    return path


@pytest.fixture
def conn(warehouse_db: Path):
    with duckdb.connect(str(warehouse_db)) as connection:
        yield connection
