"""Pricing tests share one real warehouse: RVU25D + RVU25A + the CMS ZIP file, loaded with the
project's own parsers (pipelines/parsing) into the sql/schema tables, built once, opened read-only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.defs.rvu.load import load_release
from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.sql import run_sql_with_frame
from pipelines.parsing.cms_rvu import read_release
from pipelines.parsing.reference import read_zip_locality
from pipelines.pricing.install import install

RAW = REPO_ROOT / "raw" / "cms"


def build(path: Path, releases: tuple[str, ...] = ("RVU25D", "RVU25A")) -> Path:
    """Load real releases with the production parser and loader, the ZIP file, then the payment view and the price macro."""
    conn = duckdb.connect(str(path))
    for release_id in releases:
        parsed = read_release(RAW / "rvu" / release_id, release_id=release_id)
        load_release(conn, parsed, landing_sha256=f"test-{release_id}", loaded_at=datetime.now())
    zip_path = RAW / "zip_locality" / "ZPLC_OCT2025" / "ZIP5_OCT2025.txt"
    frame = read_zip_locality(zip_path).with_columns(pl.lit(zip_path.name).alias("source_file"))
    run_sql_with_frame(conn, "reference/zip_locality", frame)
    install(conn)
    conn.close()
    return path


@pytest.fixture(scope="session")
def pricing_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("pricing") / "medpay.duckdb")


@pytest.fixture
def conn(pricing_db: Path):
    connection = duckdb.connect(str(pricing_db), read_only=True)
    yield connection
    connection.close()
