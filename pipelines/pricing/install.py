"""Put the payment rules into a warehouse: the rule tables (seeded from sql/pricing/seeds/*.csv), the
`payment` view and the `price` macro. The pricing assets, the tests and the benchmark all call this."""

from __future__ import annotations

import csv
from functools import cache

import duckdb

from pipelines.lib.paths import SQL_DIR
from pipelines.lib.sql import run_sql

RULE_TABLES = ("pricing_modifier_rules", "pricing_factors", "pricing_status")
SEEDS = SQL_DIR / "pricing" / "seeds"


def install_payment(conn: duckdb.DuckDBPyConnection) -> None:
    """Rule tables, the PFS formula functions, payment_geography and the payment view."""
    for table in RULE_TABLES:
        run_sql(conn, f"pricing/{table}", {"path": str(SEEDS / f"{table}.csv")})
    for name in ("payment_functions", "payment_geography", "payment"):
        run_sql(conn, f"pricing/{name}")


def install_price_macro(conn: duckdb.DuckDBPyConnection) -> None:
    """The price table macro and its scalar parts (needs install_payment first)."""
    for name in ("price_functions", "price_macro"):
        run_sql(conn, f"pricing/{name}")


def install(conn: duckdb.DuckDBPyConnection) -> None:
    install_payment(conn)
    install_price_macro(conn)


@cache
def status_labels() -> dict[str, str]:
    """Status code -> its RVU25D Attachment A label, from the pricing_status seed (for code outside SQL)."""
    with (SEEDS / "pricing_status.csv").open(newline="", encoding="utf-8") as handle:
        return {row["status_code"]: row["label"] for row in csv.DictReader(handle)}
