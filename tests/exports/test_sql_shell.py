"""`medpay sql`: `--print` gives copy-pasteable read-only commands; the shell reads statements from stdin."""

from __future__ import annotations

import io

import duckdb

from pipelines.cli.main import main


def test_print_gives_one_line_commands(medpay_paths, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")  # a narrow terminal must not wrap the commands
    assert main(["sql", "--print"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"duckdb -readonly {medpay_paths.warehouse}"
    assert lines[1] == f"python: duckdb.connect({str(medpay_paths.warehouse)!r}, read_only=True)"


def test_shell_runs_statements_and_survives_an_error(medpay_paths, capsys, monkeypatch):
    with duckdb.connect(str(medpay_paths.warehouse)) as conn:
        conn.execute("create table releases as select 'RVU25D' as release_id, 19090 as rows_loaded")
    statements = (
        "select release_id,\n rows_loaded from releases;\nselect * from nope;\ndrop table releases;\n"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(statements + "select 41 + 1 as answer;\n"))
    assert main(["sql"]) == 0
    out = capsys.readouterr().out
    assert "read-only" in out and "RVU25D" in out and "19090" in out  # a statement over two lines
    assert "Catalog Error" in out and "42" in out  # an error is printed, the shell goes on
    with duckdb.connect(str(medpay_paths.warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from releases").fetchone() == (1,)  # drop refused
