"""pipelines/lib/tables.py: the mechanical statements, on real warehouse tables; and sql/ holding
transformations only (no file that is one of those statements with a table name filled in)."""

from __future__ import annotations

import re
from datetime import date, datetime

import duckdb
import pyarrow as pa
import pytest

from pipelines.lib.paths import SQL_DIR
from pipelines.lib.sql import ensure_tables, object_sql
from pipelines.lib.tables import (
    MARTS,
    PARTITION_KEYS,
    clear_scope,
    count_rows,
    delete_listed,
    delete_rows,
    insert_frame,
    insert_rejects,
    keep_scope,
    partition_rows,
    partition_rows_by,
    partitions,
    select_release,
)


@pytest.fixture
def conn():
    with duckdb.connect() as conn:
        yield conn


def _gpci(conn, *release_ids: str) -> None:
    ensure_tables(conn, "gpci")
    for release_id in release_ids:
        conn.execute(
            "insert into gpci values (?, '10112', 'AL', '00', 'ALABAMA', 1.0, 0.869, 0.575, 'GPCI.csv', 3)",
            [release_id],
        )


def _releases(conn) -> list[str]:
    return [r[0] for r in conn.execute("select release_id from gpci order by release_id").fetchall()]


def test_delete_rows_deletes_exactly_one_partition(conn):
    _gpci(conn, "RVU25A", "RVU25D")
    delete_rows(conn, "gpci", release_id="RVU25A")
    assert _releases(conn) == ["RVU25D"]


def test_values_are_parameters_never_sql(conn):
    _gpci(conn, "RVU25A", "RVU25D")
    delete_rows(conn, "gpci", release_id="x' or true or release_id = '")
    assert _releases(conn) == ["RVU25A", "RVU25D"]


@pytest.mark.parametrize(
    ("table", "key", "problem"),
    [
        ("gpci; drop table gpci", {"release_id": "RVU25A"}, "not a table this helper"),
        ("gpci", {"quarter": "2025Q4"}, "partitioned by ('release_id',)"),
        ("gpci", {}, "partitioned by ('release_id',)"),  # never the whole table by omission
        ("ncci_files", {"quarter": "2025Q4"}, "partitioned by ('quarter', 'kind')"),
    ],
)
def test_delete_rows_refuses_names_it_does_not_list(conn, table, key, problem):
    _gpci(conn, "RVU25A")
    with pytest.raises(ValueError, match=re.escape(problem)):
        delete_rows(conn, table, **key)
    assert _releases(conn) == ["RVU25A"]


def test_delete_rows_narrows_by_a_listed_prefix_only(conn):
    ensure_tables(conn, "rejected_rows")
    for domain, code in (("ncci", "ptp.bad_code"), ("ncci", "mue.bad_value"), ("cms_rvu", "ptp.x")):
        conn.execute(
            "insert into rejected_rows values (?, '2025Q4', 'f.txt', 1, 'x', ?, 'bad', current_timestamp)",
            [domain, code],
        )
    delete_rows(
        conn, "rejected_rows", starts_with={"reason_code": "ptp."}, domain="ncci", partition_key="2025Q4"
    )
    left = conn.execute("select domain, reason_code from rejected_rows order by all").fetchall()
    assert left == [("cms_rvu", "ptp.x"), ("ncci", "mue.bad_value")]
    with pytest.raises(ValueError, match="cannot be narrowed"):
        delete_rows(conn, "rejected_rows", starts_with={"reason": "b"}, domain="ncci", partition_key="2025Q4")


def test_partitions_and_rejects_of_one_partition(conn):
    _gpci(conn, "RVU25D", "RVU25A")
    assert partitions(conn, "gpci") == ["RVU25A", "RVU25D"]
    with pytest.raises(ValueError, match="not partitioned by one column"):
        partitions(conn, "ncci_files")  # two key columns: not a list of single values
    ensure_tables(conn, "rejected_rows")
    rejects = pa.table(
        {
            "reason": ["bad"],
            "source_file": ["PTP.txt"],
            "line_number": pa.array([7], pa.int32()),
            "raw_line": ["x"],
            "reason_code": ["bad_code"],
        }
    )
    insert_rejects(conn, rejects, "ncci", "2025Q4", datetime(2025, 10, 1), "ptp.")
    insert_rejects(conn, rejects, "cms_rvu", "RVU25D", datetime(2025, 10, 2))
    rows = conn.execute(
        "select domain, partition_key, reason_code, line_number from rejected_rows order by 1"
    ).fetchall()
    assert rows == [("cms_rvu", "RVU25D", "bad_code", 7), ("ncci", "2025Q4", "ptp.bad_code", 7)]


def test_rows_of_one_partition_counted_whole_and_per_file(conn):
    _gpci(conn, "RVU25A", "RVU25D")
    conn.execute("update gpci set source_file = 'GPCI2025A.csv' where release_id = 'RVU25A'")
    assert partition_rows(conn, "gpci", release_id="RVU25A") == 1
    assert partition_rows(conn, "gpci", release_id="RVU26A") == 0
    assert partition_rows_by(conn, "gpci", "source_file", release_id="RVU25A") == {"GPCI2025A.csv": 1}
    with pytest.raises(ValueError, match="not a table this helper"):
        partition_rows_by(conn, "gpci", "locality", release_id="RVU25A")
    with pytest.raises(ValueError, match="not a table this helper"):
        partition_rows(conn, "report_carc", source_file="a.csv", file_sha256="h")


def test_rows_listed_by_rowid_are_deleted(conn):
    conn.execute("create table ncci_mue (hcpcs varchar)")
    conn.execute("insert into ncci_mue values ('A'), ('A'), ('B')")
    conn.execute("create temp table ncci_repeats as select rowid as row_id from ncci_mue where rowid = 1")
    delete_listed(conn, "ncci_mue", "ncci_repeats")
    assert conn.execute("select hcpcs from ncci_mue order by 1").fetchall() == [("A",), ("B",)]
    with pytest.raises(ValueError, match="not a table this helper"):
        delete_listed(conn, "reports", "ncci_repeats")


def test_report_codes_are_deleted_through_their_file_version(conn):
    ensure_tables(conn, "report_carc")
    conn.execute("create table reports (report_id varchar, source_file varchar, file_sha256 varchar)")
    conn.execute("insert into reports values ('r1', 'a.csv', 'h1'), ('r2', 'a.csv', 'h2')")
    conn.execute(
        "insert into report_carc values ('r1', 1, 'CO', '97', 'CO-97'), ('r2', 1, 'CO', '97', 'CO-97')"
    )
    delete_rows(conn, "report_carc", source_file="a.csv", file_sha256="h1")
    assert conn.execute("select report_id from report_carc").fetchall() == [("r2",)]


def test_whole_table_only_for_tables_rebuilt_whole(conn):
    assert PARTITION_KEYS["data_freshness"] == ()
    ensure_tables(conn, "code_denial_rules")
    conn.execute("insert into code_denial_rules values ('{}', current_timestamp)")
    delete_rows(conn, "code_denial_rules")
    assert conn.execute("select count(*) from code_denial_rules").fetchone() == (0,)


def test_insert_frame_inserts_by_column_name(conn):
    _gpci(conn)
    columns = [r[0] for r in conn.execute("describe gpci").fetchall()]
    values = ["RVU25D", "10112", "AL", "00", "ALABAMA", 1.0, 0.869, 0.575, "GPCI.csv", 3]
    frame = pa.table({name: [value] for name, value in reversed(list(zip(columns, values, strict=True)))})
    insert_frame(conn, "gpci", frame)
    row = select_release(conn, "gpci", "RVU25D").fetchall()
    assert len(row) == 1 and row[0][:5] == ("RVU25D", "10112", "AL", "00", "ALABAMA")
    assert "staged_gpci" not in {
        r[0] for r in conn.execute("select view_name from duckdb_views()").fetchall()
    }
    with pytest.raises(ValueError, match="not a table this helper"):
        insert_frame(conn, "releases", frame)


def test_marts_scope_clear_keep_and_count(conn):
    ensure_tables(conn, "code_denial_months", "code_denial_near_duplicates")
    conn.execute(
        "create temp table marts_scope as select * from (values ('A', 'add'), ('B', 'rebuild')) s(hcpcs, mode)"
    )
    month = date(2025, 1, 1)
    for code in ("A", "B", "C"):
        conn.execute("insert into code_denial_months values (?, ?, 3)", [code, month])
        conn.execute("insert into code_denial_near_duplicates values (?, ?, 'r0')", [f"r-{code}", code])
    keep_scope(conn, "code_denial_months")
    assert conn.execute("select hcpcs from kept_code_denial_months").fetchall() == [("A",)]
    clear_scope(conn, "code_denial_months", full_rebuild=False)
    assert conn.execute("select hcpcs from code_denial_months").fetchall() == [("C",)]
    clear_scope(conn, "code_denial_near_duplicates", full_rebuild=False, keep_added=True)
    kept = conn.execute("select hcpcs from code_denial_near_duplicates order by hcpcs").fetchall()
    assert kept == [("A",), ("C",)]
    assert count_rows(conn, ("code_denial_months", "code_denial_near_duplicates")) == {
        "code_denial_months": 1,
        "code_denial_near_duplicates": 2,
    }
    clear_scope(conn, "code_denial_months", full_rebuild=True)
    assert count_rows(conn, ("code_denial_months",)) == {"code_denial_months": 0}
    with pytest.raises(ValueError, match="not a table this helper"):
        clear_scope(conn, "reports", full_rebuild=True)
    assert "code_denial_profile" in MARTS


def test_objects_are_found_by_kind_in_exactly_one_folder():
    assert "create table" in object_sql("rvu")
    assert "create or replace view" in object_sql("release_calendar")
    assert "macro ncci_is_active" in object_sql("ncci_is_active")
    with pytest.raises(FileNotFoundError, match="exactly one of sql/tables/, sql/views/, sql/macros/"):
        object_sql("no_such_object")


# The shapes pipelines/lib/tables.py writes: a file that is only one of them is a copy to remove.
MECHANICAL = {
    "delete of a partition": r"delete from \w+( where \w+ = \$\w+( and \w+ = \$\w+)*)?;?",
    "insert of a staged frame": r"insert into \w+ by name select \* from \w+;?",
    "rows of a partition": r"select \* from \w+ where \w+ = \$\w+;?",
    "marts scope": r"(delete from |create or replace temp table kept_)\w+ .*from marts_scope as s.*",
    "delete of a file version's reports": r"delete from \w+ where report_id in \( ?select report_id from reports .*",
    "row count": r"select count\(\*\)( as \w+)? from \w+;?",
}


def _statement(path) -> str:
    lines = [line.split("--")[0] for line in path.read_text(encoding="utf-8").splitlines()]
    return " ".join(" ".join(lines).split())


def test_sql_holds_transformations_not_copies_of_a_helper_statement():
    copies = [
        f"{path.relative_to(SQL_DIR)}: {shape}"
        for path in sorted(SQL_DIR.rglob("*.sql"))
        for shape, pattern in MECHANICAL.items()
        if re.fullmatch(pattern, _statement(path))
    ]
    assert copies == []


def test_sql_folders_hold_one_kind_each():
    kinds = {"tables": "create table if not exists", "views": "create or replace view", "macros": "macro"}
    for folder, statement in kinds.items():
        files = sorted((SQL_DIR / folder).glob("*.sql"))
        assert files, folder
        for path in files:
            assert statement in path.read_text(encoding="utf-8"), path
    assert not (SQL_DIR / "schema").exists() and not (SQL_DIR / "marts" / "scope").exists()
