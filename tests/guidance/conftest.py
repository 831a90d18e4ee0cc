"""One warehouse per session for the guidance tests: a copy of the session's shared ``pricing_db`` (the
REAL RVU25D + RVU25A files, production parser and loader, payment view and price macro), X12 codes,
the guidance NCCI fixture quarter (CMS layout, illustrative edits) and published denial profiles made by the marts' own
``published_profile`` from given cells; then the guidance tables, built as the asset builds them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.defs.ncci.landing import scan
from pipelines.guidance.build import write_tables
from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.sql import ensure_tables, run_sql_with_frame
from pipelines.marts.profile import published_profile
from pipelines.marts.rules import SuppressionRules
from pipelines.ncci.load import load_quarter
from pipelines.parsing.reference import read_x12_codes

NCCI = Path(__file__).parents[1] / "fixtures" / "guidance" / "ncci"
RULES = SuppressionRules()

# Published profiles (cells as the marts pass them: breakdown -> [(key, count, X12 label)]).
PROFILES = {
    "97140": (
        {
            "report_count": 20,
            "threshold": 5,
            "contributor_count": 6,
            "period_from": "2025-05",
            "period_to": "2025-09",
        },
        {
            "top_reasons": [("CO-97", 12, None), ("CO-59", 8, None)],
            "by_payer_type": [("commercial", 10, None), ("medicaid", 10, None)],
        },
    ),
    "97545": (
        {
            "report_count": 33,
            "threshold": 5,
            "contributor_count": 9,
            "period_from": "2025-05",
            "period_to": "2025-09",
        },
        {
            "top_reasons": [("CO-96", 14, None), ("CO-197", 13, None), ("CO-50", 6, None)],
            # workers' comp 3 and tricare 2 are small cells: suppressed, so never cited
            "by_payer_type": [
                ("commercial", 12, None),
                ("medicaid", 10, None),
                ("medicare", 6, None),
                ("workers_comp", 3, None),
                ("tricare", 2, None),
            ],
        },
    ),
}


def load_ncci(conn: duckdb.DuckDBPyConnection, root: Path = NCCI) -> None:
    files, _ = scan(root)
    for kind in ("ptp", "mue"):
        load_quarter(conn, files, kind, "2025Q4", root)


def load_profiles(conn: duckdb.DuckDBPyConnection) -> None:
    """Insert the profiles through the marts' own insert (sql/marts/code_denial_profile.sql)."""
    ensure_tables(conn, "code_denial_profile")
    rows = [
        {
            "hcpcs": code,
            "published": True,
            "threshold": stats["threshold"],
            "report_count": stats["report_count"],
            "reports_needed": None,
            "profile": json.dumps(published_profile(stats, cells, RULES)),
        }
        for code, (stats, cells) in PROFILES.items()
    ]
    run_sql_with_frame(
        conn, "marts/code_denial_profile", pl.DataFrame(rows, schema_overrides={"reports_needed": pl.Int32})
    )


def build(path: Path) -> Path:
    """Add the guidance inputs and tables to ``path`` (a copy of the shared pricing warehouse)."""
    with duckdb.connect(str(path)) as conn:
        x12 = read_x12_codes(REPO_ROOT / "raw" / "reference" / "x12" / "carc-rarc.csv")
        run_sql_with_frame(conn, "reference/x12_codes", x12)
        load_ncci(conn)
        load_profiles(conn)
        write_tables(conn)
    return path


@pytest.fixture(scope="session")
def guidance_db(tmp_path_factory: pytest.TempPathFactory, pricing_db: Path) -> Path:
    path = tmp_path_factory.mktemp("guidance") / "medpay.duckdb"
    shutil.copyfile(pricing_db, path)
    return build(path)


@pytest.fixture
def conn(guidance_db: Path):
    connection = duckdb.connect(str(guidance_db), read_only=True)
    yield connection
    connection.close()
