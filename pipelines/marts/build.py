"""Refresh the denial marts: touch only the codes whose accepted reports changed.

One transaction on the caller's connection. sql/marts/refresh/marts_scope.sql sorts the codes: one
that only gained reports accepted after the last build ('add') gets its new reports' counts summed
onto its stored counts; any other change ('rebuild': a withdrawn, replaced or late report, a new
code, changed rules, a forced rebuild) recounts it from all its reports with the same SQL and
nothing kept. New near-duplicates (among the new reports, or of an added-to code's old reports)
are found first and subtracted (weight -1). Profiles are rebuilt for the codes in scope only. A
full rebuild equals any chain of incremental refreshes (tests/marts/test_incremental.py).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.sql import begin, commit, ensure_tables, rollback, run_sql, run_sql_with_frame
from pipelines.lib.tables import MARTS, clear_scope, delete_rows, keep_scope
from pipelines.marts.profile import published_profile, unpublished
from pipelines.marts.rules import SuppressionRules

# Tables of the marts (one asset each). Every refresh replaces the rows of the codes in scope;
# the count tables are summed onto their kept rows when a code only gained newer reports.
TABLES = MARTS
# build order: stats is derived from the additive counts; the shares of FROM_LISTS need stats
ADDITIVE = ("code_denial_contributors", "code_denial_months", "code_denial_appeals")
DERIVED = ("code_denial_stats", "code_denial_trend")
FROM_LISTS = ("code_denial_reason_combinations", "code_denial_reasons", "code_denial_breakdowns")
KEPT = (*ADDITIVE, *FROM_LISTS)
VIEWS = ("marts_counted", "marts_new", "marts_old", "marts_new_reports")  # marts_new may be a table
TEMP = ("marts_lists", "marts_dups", "marts_dup_keys", "marts_old_candidates", "marts_new", "marts_scope")
COPY_NEW_REPORTS = 200_000  # up to this many new reports are copied into a temp table, else read in place


@dataclass
class Refresh:
    full_rebuild: bool
    codes_in_scope: int = 0
    codes_with_reports: int = 0
    codes_published: int = 0
    codes_added_to: int = 0
    near_duplicates: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def metadata(self) -> dict[str, Any]:
        return {
            "full_rebuild": self.full_rebuild,
            "codes_in_scope": self.codes_in_scope,
            "codes_with_reports_in_scope": self.codes_with_reports,
            "codes_published_in_scope": self.codes_published,
            "codes_added_to": self.codes_added_to,
            "near_duplicates_found": self.near_duplicates,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


def _stored_rules(conn: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    row = conn.execute("select rules from code_denial_rules").fetchone()
    return json.loads(row[0]) if row else None


def _drop_temp(conn: duckdb.DuckDBPyConnection, names: set[str]) -> None:
    """Drop this refresh's temp views and tables (marts_new is either)."""
    found = conn.execute(
        "select view_name, 'view' from duckdb_views() where temporary"
        " union all select table_name, 'table' from duckdb_tables() where temporary"
    ).fetchall()
    for name, kind in found:
        if name in names:
            conn.execute(f"drop {kind} if exists {name}")


def build_profiles(conn: duckdb.DuckDBPyConnection, rules: SuppressionRules) -> pa.Table:
    """Profiles of every code in scope (published ones suppressed from their cells)."""
    stats = run_sql(conn, "marts/refresh/profile_stats").fetchall()
    names = ("hcpcs", "published", "threshold", "report_count", "reports_needed", "contributor_count")
    cells: dict[str, dict[str, list[tuple[str, int, str | None]]]] = {}
    params = {"min_cell": rules.min_cell, "max_combinations": rules.max_combinations}
    for hcpcs, name, key, label, n in run_sql(conn, "marts/refresh/profile_cells", params).fetchall():
        cells.setdefault(hcpcs, {}).setdefault(name, []).append((key, n, label))
    out: dict[str, list[Any]] = {k: [] for k in (*names[:5], "profile")}
    for row in stats:
        record = dict(zip((*names, "period_from", "period_to"), row, strict=True))
        if record["published"]:
            profile = published_profile(record, cells.get(record["hcpcs"], {}), rules)
        else:
            profile = unpublished(record["threshold"], record["reports_needed"])
        for key in names[:3]:
            out[key].append(record[key])
        out["report_count"].append(record["report_count"] if record["published"] else None)
        out["reports_needed"].append(profile["reports_needed"])
        out["profile"].append(json.dumps(profile, separators=(",", ":")))
    schema = pa.schema(
        [
            ("hcpcs", pa.string()),
            ("published", pa.bool_()),
            ("threshold", pa.int32()),
            ("report_count", pa.int32()),
            ("reports_needed", pa.int32()),
            ("profile", pa.string()),
        ]
    )
    return pa.table(out, schema=schema)


def refresh(conn: duckdb.DuckDBPyConnection, rules: SuppressionRules, full_rebuild: bool = False) -> Refresh:
    """Bring every denial mart up to date with ``reports``; returns what was done and how long it took."""
    # "reports" too: before any report file has arrived the marts are empty, not broken.
    ensure_tables(conn, "reports", *TABLES, "code_denial_rules", "near_duplicate_key")
    stored = _stored_rules(conn)
    full = full_rebuild or stored != json.loads(rules.to_json())
    result = Refresh(full_rebuild=full)
    scope = {"full_rebuild": full}

    def step(name: str, sql: str | Callable[[], None], values: dict[str, Any] | None = None) -> None:
        start = time.perf_counter()
        sql() if callable(sql) else run_sql(conn, sql, values)
        result.seconds[name] = result.seconds.get(name, 0.0) + time.perf_counter() - start

    def clear(table: str) -> None:
        # codes only added to keep their near-duplicates (their old reports are unchanged)
        clear_scope(conn, table, full, keep_added=table == "code_denial_near_duplicates")

    def replace(table: str, values: dict[str, Any] | None = None) -> None:
        if table in KEPT:
            step(table, lambda: keep_scope(conn, table))
        step(table, lambda: clear(table))
        step(table, f"marts/{table}", values)

    (order,) = conn.execute("select current_setting('preserve_insertion_order')").fetchone()
    conn.execute("set preserve_insertion_order = false")  # row order of the marts means nothing
    begin(conn)
    try:
        step("scope", "marts/refresh/marts_scope", scope)
        step("new_reports", "marts/refresh/marts_new_reports")
        (to_add,) = conn.execute("select coalesce(sum(new_reports), 0) from marts_scope").fetchone()
        step("new_reports", "marts/refresh/marts_new_" + ("table" if to_add <= COPY_NEW_REPORTS else "view"))
        for sql in ("marts_old", "marts_old_candidates", "marts_dup_keys", "marts_dups"):
            step("near_duplicate_search", f"marts/refresh/{sql}")
        replace("code_denial_near_duplicates")
        step("code_denial_near_duplicates", "marts/refresh/marts_counted")
        for table in ADDITIVE:
            replace(table)
        for table in DERIVED:
            replace(table, rules.sql_params() if table == "code_denial_stats" else None)
        step("reason_lists", "marts/refresh/marts_lists")
        for table in FROM_LISTS:
            replace(table)
        start = time.perf_counter()
        step("code_denial_profile", lambda: clear("code_denial_profile"))
        profiles = build_profiles(conn, rules)
        run_sql_with_frame(conn, "marts/code_denial_profile", profiles)
        result.seconds["code_denial_profile"] = time.perf_counter() - start
        replace("code_denial_fingerprints")
        step("code_denial_fingerprints", lambda: delete_rows(conn, "code_denial_rules"))
        step("code_denial_fingerprints", "marts/code_denial_rules", {"rules": rules.to_json()})
        counts = run_sql(conn, "marts/metadata/refresh_counts").fetchone()
        result.codes_in_scope, result.codes_with_reports, result.codes_added_to, result.near_duplicates = (
            counts
        )
        result.codes_published = int(pc.sum(profiles["published"].cast(pa.int32())).as_py() or 0)
        commit(conn)
    except BaseException:
        rollback(conn)
        raise
    finally:
        _drop_temp(conn, {*VIEWS, *TEMP, *(f"kept_{t}" for t in KEPT)})
        conn.execute(f"set preserve_insertion_order = {'true' if order else 'false'}")
    result.seconds["total"] = sum(result.seconds.values())
    return result
