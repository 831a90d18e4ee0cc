"""The `medpay` entry point: help on every command, usage errors (exit 2), and `medpay sql` end to end."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.cli.app import app
from pipelines.cli.main import _register_commands, main


def _commands() -> dict[str, str]:
    _register_commands()
    return {(c.name or c.callback.__name__): (c.callback.__doc__ or "") for c in app.registered_commands}


def test_every_command_has_help(capsys):
    commands = _commands()
    assert {"run", "status", "price", "sql", "download"} <= set(commands)
    for name, doc in commands.items():
        assert main([name, "--help"]) == 0, name
        out = " ".join(capsys.readouterr().out.split())
        assert "Usage: " in out and f" {name} [OPTIONS]" in out, name
        assert doc.strip() and " ".join(doc.split()[:4]) in out, name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuch"], "No such command 'nosuch'"),
        (["price"], "Missing argument"),
        (["price", "99213", "--units", "x"], "Invalid value for '--units'"),
        (["sql", "select 1"], "unexpected extra argument"),
    ],
)
def test_usage_errors_exit_2_with_clicks_message(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_sql_runs_one_query_read_only(medpay_paths, capsys):
    with duckdb.connect(str(medpay_paths.warehouse)) as conn:
        conn.execute("create table releases as select 'RVU25D' as release_id, 19090 as rows_loaded")
    assert main(["sql", "-c", "select release_id, rows_loaded from releases"]) == 0
    out = capsys.readouterr().out
    assert "RVU25D" in out and "19090" in out
    assert main(["sql", "-c", "delete from releases"]) == 2  # the shell opens the file read-only
    assert "read-only" in capsys.readouterr().err
    assert main(["sql", "-c", "select * from nope"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("error: Catalog Error") and err[1].startswith("hint: ")
    with duckdb.connect(str(medpay_paths.warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from releases").fetchone() == (1,)


def test_sql_without_a_warehouse_is_not_found(medpay_paths, capsys):
    assert main(["sql", "-c", "select 1"]) == 3
    assert "no published warehouse" in capsys.readouterr().err


def test_expected_and_unexpected_errors_print_one_line_and_a_hint(medpay_paths, capsys, monkeypatch):
    """A CliError (Typer's own exception type) prints error + hint, its traceback only with --verbose;
    anything else exits 1 with its type and message, never a bare traceback."""
    assert main(["sql", "-c", "select 1"]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("error: no published warehouse") and err[1] == "hint: run `medpay run` first"
    assert main(["--verbose", "sql", "-c", "select 1"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("Traceback") and "CliError" in err and "\nerror: no published warehouse" in err

    import pipelines.lib.published as published

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(published, "published_path", broken)
    assert main(["sql", "-c", "select 1"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["error: RuntimeError: disk on fire", "hint: rerun with --verbose for the full traceback"]
