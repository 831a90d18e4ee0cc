"""Fixtures for intake tests: a reference warehouse seeded once from the REAL files in raw/."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.sql import run_sql_with_frame
from pipelines.parsing import reference
from pipelines.parsing.cms_pprrvu import read_pprrvu_csv

RAW = REPO_ROOT / "raw"
PPRRVU = RAW / "cms" / "rvu" / "RVU25D" / "PPRRVU2025_Oct.csv"
# The "current time" of intake tests: reports of 2025 are in the past, 2026-01 is in the future.
NOW = datetime(2025, 11, 15, 12, 0, 0)


def seed_reference(conn: duckdb.DuckDBPyConnection) -> None:
    """x12_codes, usps_states (lead's parsers + SQL) and the RVU25D HCPCS codes (H1b's parser)."""
    run_sql_with_frame(
        conn, "reference/x12_codes", reference.read_x12_codes(RAW / "reference/x12/carc-rarc.csv")
    )
    run_sql_with_frame(
        conn, "reference/usps_states", reference.read_usps_states(RAW / "reference/usps_states.csv")
    )
    parsed, _meta = read_pprrvu_csv(PPRRVU.read_bytes(), PPRRVU.name, "RVU25D")
    rvu = parsed.frame.select("release_id", "hcpcs", "modifier")
    conn.register("incoming", rvu)
    conn.execute("create table rvu as select * from incoming")
    conn.unregister("incoming")


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
