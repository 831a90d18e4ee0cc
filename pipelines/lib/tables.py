"""The mechanical statements every domain repeats, written once (ADR 0007).

Deleting a partition or a file version, inserting a staged frame by name, clearing or keeping
the rows of the codes a marts refresh touches, selecting a partition's rows for a check,
counting rows. Table and column names come only from the constant lists below (asserted, never
taken from input); values are always parameters. What is left in ``sql/`` is transformations.
"""

from __future__ import annotations

from typing import Any

import duckdb

from pipelines.lib.sql import execute, run_sql_with_frame

# table -> the columns one partition (release, quarter, file version...) is identified by
PARTITION_KEYS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("rvu", "gpci", "locality_county", "anesthesia_cf", "opps_cap", "releases"), ("release_id",)
    ),
    "ncci_ptp": ("quarter",),
    "ncci_mue": ("quarter",),
    "ncci_files": ("quarter", "kind"),
    "ncci_indicator_labels": ("kind", "code"),
    "rejected_rows": ("domain", "partition_key"),
    **dict.fromkeys(
        ("reports", "intake_outcomes", "quarantine", "intake_files"), ("source_file", "file_sha256")
    ),
    # rows of the reports of a file version: deleted through reports (before reports itself)
    **dict.fromkeys(("report_carc", "report_rarc", "report_themes"), ("source_file", "file_sha256")),
    # rebuilt whole
    **dict.fromkeys(("rvu_changes", "data_freshness", "code_denial_rules"), ()),
}
_THROUGH_REPORTS = ("report_carc", "report_rarc", "report_themes")
# columns a delete may narrow by prefix (NCCI rejects: 'ptp.' / 'mue.' reason codes of one quarter)
PREFIX_COLUMNS = {"rejected_rows": ("reason_code",)}
# columns the rows of a partition are counted by (per source file: each file's counts reconcile)
COUNT_COLUMNS = ("source_file",)
# tables a parsed frame is inserted into by column name, from a view registered as staged_<table>
STAGED_INSERTS = ("rvu", "gpci", "locality_county", "anesthesia_cf", "opps_cap", "stg_report_candidates")
# denial marts keyed by hcpcs that a refresh clears for the codes in scope (sql/marts/refresh/marts_scope.sql)
MARTS = (
    "code_denial_near_duplicates",
    "code_denial_contributors",
    "code_denial_months",
    "code_denial_stats",
    "code_denial_reasons",
    "code_denial_reason_combinations",
    "code_denial_breakdowns",
    "code_denial_appeals",
    "code_denial_trend",
    "code_denial_profile",
    "code_denial_fingerprints",
)
# temp tables listing the rowids of rows to drop (a row_id column), and the tables they list rows of
ROWID_LISTS = {"ncci_repeats": ("ncci_ptp", "ncci_mue")}
# tables a check reads one partition of, whole (GX suites validate every column)
CHECKED = ("anesthesia_cf", "gpci", "opps_cap")


def _known(table: str, allowed: Any) -> None:
    if table not in allowed:
        raise ValueError(f"{table!r} is not a table this helper writes or reads ({sorted(allowed)})")


def _partition(table: str, key: dict[str, Any]) -> str:
    """The where clause of one partition of ``table``: ``key`` must name each of its key columns."""
    _known(table, PARTITION_KEYS)
    if set(key) != set(PARTITION_KEYS[table]):
        raise ValueError(f"{table} is partitioned by {PARTITION_KEYS[table]}, not {tuple(key)}")
    return " and ".join(f"{c} = ${c}" for c in key) or "true"


def delete_rows(
    conn: duckdb.DuckDBPyConnection, table: str, starts_with: dict[str, str] | None = None, **key: Any
) -> None:
    """Delete one partition of ``table``: ``key`` names every column of PARTITION_KEYS[table]
    (none: the whole table); ``starts_with`` narrows by a column prefix (PREFIX_COLUMNS)."""
    partition = _partition(table, key)
    starts_with = starts_with or {}
    for column in starts_with:
        if column not in PREFIX_COLUMNS.get(table, ()):
            raise ValueError(f"{table} cannot be narrowed by a prefix of {column!r}")
    where = " and ".join([partition] + [f"starts_with({c}, $prefix_{c})" for c in starts_with])
    if table in _THROUGH_REPORTS:
        where = f"report_id in (select report_id from reports where {where})"
    params = {**key, **{f"prefix_{c}": v for c, v in starts_with.items()}}
    execute(conn, f"delete from {table} where {where}", params or None)


def delete_listed(conn: duckdb.DuckDBPyConnection, table: str, listed_in: str) -> None:
    """Delete the rows of ``table`` whose rowid is listed in temp table ``listed_in`` (ROWID_LISTS)."""
    _known(listed_in, ROWID_LISTS)
    _known(table, ROWID_LISTS[listed_in])
    execute(conn, f"delete from {table} where rowid in (select row_id from {listed_in})")


def insert_frame(conn: duckdb.DuckDBPyConnection, table: str, frame: Any) -> None:
    """Insert ``frame`` (Arrow, Polars or pandas) into ``table`` by column name."""
    _known(table, STAGED_INSERTS)
    view = f"staged_{table}"
    conn.register(view, frame)
    try:
        execute(conn, f"insert into {table} by name select * from {view}")
    finally:
        conn.unregister(view)


def clear_scope(
    conn: duckdb.DuckDBPyConnection, table: str, full_rebuild: bool, keep_added: bool = False
) -> None:
    """Delete the rows of the codes in ``marts_scope`` (every row on a full rebuild); with
    ``keep_added``, the codes only added to keep theirs (their old reports are unchanged)."""
    _known(table, MARTS)
    added = " where s.mode != 'add'" if keep_added else ""
    execute(
        conn,
        f"delete from {table} where $full_rebuild or hcpcs in (select s.hcpcs from marts_scope as s{added})",
        {"full_rebuild": full_rebuild},
    )


def keep_scope(conn: duckdb.DuckDBPyConnection, table: str) -> None:
    """Copy the rows of the codes that new reports are added to into temp ``kept_<table>``: the
    base the new counts are summed onto (sql/marts/<table>.sql reads it)."""
    _known(table, MARTS)
    execute(
        conn,
        f"create or replace temp table kept_{table} as select * from {table}"
        " where hcpcs in (select s.hcpcs from marts_scope as s where s.mode = 'add')",
    )


def select_release(conn: duckdb.DuckDBPyConnection, table: str, release_id: str) -> duckdb.DuckDBPyRelation:
    """Every row of one release of ``table``, as a relation (``.to_arrow_table()``, ``.pl()``)."""
    _known(table, CHECKED)
    return conn.sql(
        f"select * from {table} where release_id = $release_id", params={"release_id": release_id}
    )


def count_rows(conn: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> dict[str, int]:
    """Row count of each of ``tables`` (all in MARTS)."""
    for table in tables:
        _known(table, MARTS)
    if not tables:
        return {}
    union = " union all ".join(f"select '{t}', count(*) from {t}" for t in tables)
    return dict(execute(conn, union).fetchall())


def insert_rejects(
    conn: duckdb.DuckDBPyConnection,
    frame: Any,
    domain: str,
    partition_key: str,
    rejected_at: Any,
    reason_prefix: str = "",
) -> None:
    """Record rejected rows (source_file, line_number, raw_line, reason_code, reason) of one
    partition of ``domain`` in ``rejected_rows`` (sql/ops/rejected_rows.sql)."""
    params = {
        "domain": domain,
        "partition_key": partition_key,
        "reason_prefix": reason_prefix,
        "rejected_at": rejected_at,
    }
    run_sql_with_frame(conn, "ops/rejected_rows", frame, params)


def partitions(conn: duckdb.DuckDBPyConnection, table: str) -> list[Any]:
    """The partitions present in ``table`` (one key column, e.g. the NCCI quarters), sorted."""
    _known(table, PARTITION_KEYS)
    if len(PARTITION_KEYS[table]) != 1:
        raise ValueError(f"{table} is not partitioned by one column ({PARTITION_KEYS[table]})")
    (column,) = PARTITION_KEYS[table]
    return [row[0] for row in execute(conn, f"select distinct {column} from {table} order by 1").fetchall()]


def partition_rows(conn: duckdb.DuckDBPyConnection, table: str, **key: Any) -> int:
    """How many rows one partition of ``table`` holds (``key`` as for delete_rows)."""
    _known(table, set(PARTITION_KEYS) - set(_THROUGH_REPORTS))
    where = _partition(table, key)
    [(rows,)] = execute(conn, f"select count(*) from {table} where {where}", key or None).fetchall()
    return rows


def partition_rows_by(conn: duckdb.DuckDBPyConnection, table: str, column: str, **key: Any) -> dict[Any, int]:
    """Rows of one partition of ``table`` per value of ``column`` (COUNT_COLUMNS)."""
    _known(table, set(PARTITION_KEYS) - set(_THROUGH_REPORTS))
    where = _partition(table, key)
    _known(column, COUNT_COLUMNS)
    sql = f"select {column}, count(*) from {table} where {where} group by {column}"
    return dict(execute(conn, sql, key or None).fetchall())
