"""The payment calculator in DuckDB for analysts and the website export (group analytics)."""

from __future__ import annotations

import dagster as dg

from pipelines.lib.sql import ensure_tables, run_sql
from pipelines.lib.warehouse import Warehouse
from pipelines.pricing.install import install_payment, install_price_macro

GROUP = "analytics"
SOURCES = ["rvu", "gpci", "opps_cap", "anesthesia_cf", "releases"]


@dg.asset(group_name=GROUP, kinds={"duckdb", "sql"}, deps=SOURCES)
def payment(warehouse: Warehouse) -> dg.MaterializeResult:
    """View: the Medicare fee schedule amount of every RVU row x payment locality (and national) x
    setting for each loaded release, with status and OPPS-cap handling, NA settings priced and flagged
    (na_indicator), and the reason when not priced; with the rule tables it reads (pricing_status,
    pricing_factors, pricing_modifier_rules, seeded from sql/pricing/seeds/). Computed on read."""
    with warehouse.connect() as conn:
        ensure_tables(conn, *SOURCES)
        install_payment(conn)
        counts = conn.execute(
            "select release_id, count(*), count(amount) from payment group by 1 order by 1"
        ).fetchall()
        vectors = run_sql(conn, "pricing/payment_vectors").fetchall()
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": sum(c[1] for c in counts),
            "rows_by_release": dg.MetadataValue.json({r: {"rows": n, "priced": p} for r, n, p in counts}),
            "cms_vectors": dg.MetadataValue.md(
                "\n".join(
                    ["| hcpcs | mod | locality | setting | amount |", "|---|---|---|---|---|"]
                    + [f"| {h} | {m} | {mac}-{loc} | {s} | {a} |" for h, m, mac, loc, s, a in vectors]
                )
            ),  # fmt: skip
        }
    )


@dg.asset(group_name=GROUP, kinds={"duckdb", "sql"}, deps=[payment])
def price_macro(warehouse: Warehouse) -> dg.MaterializeResult:
    """Table macros price(release, hcpcs, modifiers, mac, locality, setting [, p_rank, p_units,
    p_base_units, p_time_units]) and price_lines(lines) (bulk): the one implementation of the modifier,
    status and order-of-application rules, e.g. select * from price('RVU25D', '27447', ['50'],
    '10112', '00', 'facility'); mac/locality null = national. `medpay price` and the code pages call it."""
    with warehouse.connect() as conn:
        install_price_macro(conn)
        sample = conn.execute(
            "select amount from price('RVU25D', '27447', ['50', '51'], null, null, 'facility')"
        ).fetchall()
    return dg.MaterializeResult(
        metadata={"sample_27447_50_51_national_facility": str(sample[0][0]) if sample else "n/a"}
    )


@dg.asset(group_name=GROUP, kinds={"duckdb", "sql"}, deps=[price_macro])
def code_payment_summary(warehouse: Warehouse) -> dg.MaterializeResult:
    """One row per (release, HCPCS) for the website's code pages: status, national non-facility and
    facility amounts with their NA flags, component rows (26/TC/53) with their amounts, and
    modifier_rules (JSON list of {modifier, label, effect, nonfacility, facility}), every amount from
    price_lines (sql/pricing/code_payment_summary.sql)."""
    with warehouse.connect() as conn:
        run_sql(conn, "pricing/code_payment_summary")
        releases, rows, priced = conn.execute(
            "select list(distinct release_id order by release_id), count(*), "
            "count(*) filter (where national_nonfacility is not null or national_facility is not null) "
            "from code_payment_summary"
        ).fetchone()
    return dg.MaterializeResult(
        metadata={"dagster/row_count": rows, "releases": releases or [], "priced_codes": priced}
    )
