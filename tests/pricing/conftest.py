"""Pricing tests share one real warehouse: RVU25D + RVU25A + the CMS ZIP file, loaded with the
project's own parsers (pipelines/parsing) into the sql/schema tables, built once, opened read-only."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.sql import ensure_tables, run_sql, run_sql_with_frame
from pipelines.parsing.cms_pprrvu import read_pprrvu_csv
from pipelines.parsing.cms_tables import read_anesthesia_cf, read_gpci, read_opps_cap
from pipelines.parsing.reference import read_zip_locality

RAW = REPO_ROOT / "raw" / "cms"
D_FILES = {"gpci": "GPCI2025.csv", "anesthesia_cf": "ANES2025.csv", "opps_cap": "OPPSCAP_Oct.csv"}
READERS = {"gpci": read_gpci, "anesthesia_cf": read_anesthesia_cf, "opps_cap": read_opps_cap}

INSERT_RELEASE = """
insert into releases (release_id, year, quarter_letter, is_correction, released_on, effective_from, title,
    source, landing_sha256, files, missing_tables, row_counts, rows_read, rows_loaded, rows_rejected, loaded_at)
values ($id, 2025, $q, false, $released_on, $effective_from, $title, $source, 'test', '[]', $missing, '{}',
    $rows, $rows, 0, $now)
"""


def _insert(conn: duckdb.DuckDBPyConnection, table: str, frame) -> None:
    conn.register("incoming", frame)
    conn.execute(f"insert into {table} by name select * from incoming")  # table names are literals here
    conn.unregister("incoming")


def build(path: Path, releases: tuple[str, ...] = ("RVU25D", "RVU25A"), zip_file: bool = True) -> Path:
    conn = duckdb.connect(str(path))
    ensure_tables(conn, "rvu", "gpci", "anesthesia_cf", "opps_cap", "releases")
    for release_id in releases:
        folder = RAW / "rvu" / release_id
        pprrvu = next(folder.glob("PPRRVU*.csv"))
        table, meta = read_pprrvu_csv(pprrvu.read_bytes(), pprrvu.name, release_id)
        _insert(conn, "rvu", table.frame)
        missing = []
        for name, file in D_FILES.items():
            if (folder / file).is_file():
                _insert(
                    conn, name, READERS[name]((folder / file).read_bytes(), file, release_id, "csv").frame
                )
            else:
                missing.append(name)
        quarter = meta.quarter_letter or "A"
        params = {
            "id": release_id,
            "q": quarter,
            "released_on": meta.released_on,
            "effective_from": date(2025, {"A": 1, "B": 4, "C": 7, "D": 10}[quarter], 1),
            "title": meta.title,
            "source": folder.name,
            "missing": missing,
            "rows": table.frame.height,
            "now": datetime.now(),
        }
        conn.execute(INSERT_RELEASE, params)
    if zip_file:
        zip_path = RAW / "zip_locality" / "ZPLC_OCT2025" / "ZIP5_OCT2025.txt"
        frame = read_zip_locality(zip_path)
        run_sql_with_frame(
            conn, "reference/zip_locality", frame.with_columns(pl.lit(zip_path.name).alias("source_file"))
        )
    run_sql(conn, "pricing/payment")
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
