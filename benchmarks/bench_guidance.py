"""Billing-guidance benchmark: code_billing_tips + code_denial_explanations for every code of RVU25D.

Workload: the guidance build as the asset runs it (facts SQL with the price macro in bulk, rule
rendering, the number rule, both tables written). Baseline measured in the same run: one bare query
of the national amounts of the same codes from the payment view (what a page shows without tips).
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.bench_pricing import _build
from benchmarks.measure import ratio

BARE = """
select count(*), sum(amount) from payment
where release_id = 'RVU25D' and scope = 'national' and modifier = ''
"""


def main() -> dict:
    import duckdb

    from pipelines.guidance import facts
    from pipelines.guidance.build import code_guidance, write_tables
    from pipelines.guidance.library import load_library
    from pipelines.lib.sql import run_sql

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "medpay.duckdb"
        _build(path)
        with duckdb.connect(str(path)) as conn:
            run_sql(conn, "pricing/price_macro")
            start = time.perf_counter()
            bare = conn.execute(BARE).fetchall()
            bare_s = time.perf_counter() - start
            library = load_library()
            start = time.perf_counter()
            found = facts.load(conn)
            facts_s = time.perf_counter() - start
            start = time.perf_counter()
            code_guidance(found, library)
            render_s = time.perf_counter() - start
            start = time.perf_counter()
            counts = write_tables(conn, library)
            build_s = time.perf_counter() - start
            codes = conn.execute("select count(distinct hcpcs) from code_billing_tips").fetchone()[0]
    print(f"{datetime.now():%H:%M} RVU25D: {bare[0][0]:,} national amounts (bare query {bare_s:.3f} s)")
    print(
        f"guidance build: {build_s:.1f} s for {counts['code_billing_tips']:,} tips on {codes:,} codes "
        f"({ratio(build_s, bare_s)} the bare query)"
    )
    print(
        f"  of which: facts SQL (price macro in bulk, 16 asks per code) {facts_s:.1f} s, rules {render_s:.1f} s"
    )
    return {"bare_s": bare_s, "build_s": build_s, "facts_s": facts_s, "render_s": render_s, **counts}
