"""The payment calculator in DuckDB for analysts and the website export (group analytics)."""

from __future__ import annotations

import dagster as dg

from pipelines.lib.sql import ensure_tables, fetch_dicts, run_sql, run_sql_with_frame
from pipelines.lib.warehouse import Warehouse

GROUP = "analytics"
SOURCES = ["rvu", "gpci", "opps_cap", "anesthesia_cf", "releases"]


@dg.asset(group_name=GROUP, kinds={"duckdb", "sql"}, deps=SOURCES)
def payment(warehouse: Warehouse) -> dg.MaterializeResult:
    """View: the Medicare fee schedule amount of every RVU row x payment locality (and national) x
    setting for each loaded release, with NA, status and OPPS-cap handling and the reason when not
    priced. Computed on read (about 4.2 M rows per release in well under a second)."""
    with warehouse.connect() as conn:
        ensure_tables(conn, *SOURCES)
        run_sql(conn, "pricing/payment")
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
    """Table macro price(release, hcpcs, modifiers, mac, locality, setting [, p_rank, p_units]) for
    ad-hoc pricing with modifiers in SQL, e.g. select * from price('RVU25D', '27447', ['50'],
    '10112', '00', 'facility'); mac/locality null = national. Same rules as `medpay price`."""
    with warehouse.connect() as conn:
        run_sql(conn, "pricing/price_macro")
        sample = conn.execute(
            "select amount from price('RVU25D', '27447', ['50', '51'], null, null, 'facility')"
        ).fetchall()
    return dg.MaterializeResult(
        metadata={"sample_27447_50_51_national_facility": str(sample[0][0]) if sample else "n/a"}
    )


@dg.asset(group_name=GROUP, kinds={"duckdb", "python"}, deps=SOURCES)
def code_payment_summary(warehouse: Warehouse) -> dg.MaterializeResult:
    """One row per (release, HCPCS) for the website's code pages: status, national non-facility and
    facility amounts, component rows (26/TC/53) with their amounts, and modifier_rules (JSON list of
    {modifier, label, effect, nonfacility, facility}) from pipelines.pricing.summary."""
    import polars as pl

    from pipelines.pricing.summary import summary_records

    with warehouse.connect() as conn:
        ensure_tables(conn, "rvu")
        by_release: dict[str, dict[str, dict]] = {}
        for row in fetch_dicts(run_sql(conn, "pricing/rvu_all")):
            by_release.setdefault(row["release_id"], {}).setdefault(row["hcpcs"], {})[row["modifier"]] = row
        records = [rec for rid, rows in by_release.items() for rec in summary_records(rows, rid)]
        frame = pl.DataFrame(records, infer_schema_length=None) if records else pl.DataFrame(
            schema={"release_id": pl.String, "hcpcs": pl.String}
        )  # fmt: skip
        if not records:
            conn.execute("create or replace table code_payment_summary (release_id varchar, hcpcs varchar)")
        else:
            run_sql_with_frame(conn, "pricing/code_payment_summary", frame)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(records),
            "releases": sorted(by_release),
            "priced_codes": sum(
                1
                for r in records
                if r["national_nonfacility"] is not None or r["national_facility"] is not None
            ),
        }
    )
