"""`medpay status` and `medpay download` end to end on a tmp raw dir and warehouse; progress helpers."""

from __future__ import annotations

import io
import json

import duckdb

from pipelines.cli.main import main
from pipelines.cli.progress import Reporter, print_summary
from pipelines.lib.sql import ensure_tables


def _warehouse_with_data(paths) -> None:
    with duckdb.connect(str(paths.warehouse)) as conn:
        ensure_tables(conn, "releases", "intake_files")
        conn.execute(
            "insert into releases values ('RVU25D', 2025, 'D', false, date '2025-09-11', date '2025-10-01', "
            "'RVU25D', 'test', 'x', '[]', [], '{}', 19100, 19090, 10, timestamp '2026-11-20 08:00:00')"
        )
        conn.execute(
            "insert into intake_files values ('r.jsonl', 'x', 'p', 'jsonl', 10, 12, 8, 2, 1, 1, 0, true, "
            "timestamp '2026-11-21 09:00:00')"
        )


def test_status_before_anything_is_built(medpay_paths, capsys):
    assert main(["status", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "not built yet" in out and "reports: none taken in yet" in out and "last export: none" in out
    assert "warning: rvu is stale: no RVU release in effect on 2026-11-23; load RVU26D" in out


def test_status_reports_releases_reports_and_staleness(medpay_paths, capsys):
    _warehouse_with_data(medpay_paths)
    assert main(["status", "--today", "2025-11-01"]) == 0
    out = capsys.readouterr().out
    assert "RVU25D" in out and "in effect 2025-11-01" in out and "19,090" in out
    assert "12 rows: 8 accepted, 2 rejected, 1 quarantined, 1 duplicates" in out
    assert main(["status", "--json", "--today", "2026-11-23"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["release_id"] for r in doc["releases"]] == ["RVU25D"]
    assert {f["source"]: f["stale"] for f in doc["freshness"]} == {
        "rvu": True,
        "ncci": True,
        "reports": False,
    }
    assert main(["status", "--strict", "--today", "2026-11-23"]) == 4
    err = capsys.readouterr().err
    assert "error: 2 source(s) stale: rvu, ncci" in err and "hint:" in err and "Traceback" not in err


def test_status_bad_date_is_a_usage_error(medpay_paths, capsys):
    assert main(["status", "--today", "23/11/2026"]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_download_end_to_end(server, medpay_paths, make_catalogue, monkeypatch, capsys):
    monkeypatch.setenv("MEDPAY_CATALOGUE", str(make_catalogue(server.url, server.sha256)))
    assert main(["download", "RVU25D"]) == 0
    out = capsys.readouterr().out
    assert "RVU25D rvu25d.zip: started" in out and "RVU25D rvu25d.zip: ok" in out  # plain lines, not a TTY
    assert "SHA-256 verified" in out and (medpay_paths.rvu_dir / "rvu25d.zip").exists()
    assert main(["download", "--list"]) == 0
    listing = capsys.readouterr().out
    assert "RVU25D   rvu   2025-10-01  1      yes     in raw/" in listing and "missing" in listing
    assert main(["download"]) == 0  # only 2025Q4 is still missing
    assert (medpay_paths.ncci_dir / "2025Q4" / "ccipra-v313r0-f2.zip").exists()
    assert main(["download"]) == 0
    assert "nothing to download" in capsys.readouterr().out


def test_download_failure_is_one_line_with_a_hint(server, medpay_paths, make_catalogue, monkeypatch, capsys):
    monkeypatch.setenv("MEDPAY_CATALOGUE", str(make_catalogue(server.url, rvu_route="gone/")))
    assert main(["download", "RVU25D"]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("error: 1 release(s) not downloaded: RVU25D:") and "404" in err[0]
    assert err[1].startswith("hint: nothing was written under a final name")
    assert list(medpay_paths.rvu_dir.iterdir()) == []


def test_uncatalogued_release_is_reported_not_guessed(
    server, medpay_paths, make_catalogue, monkeypatch, capsys
):
    monkeypatch.setenv("MEDPAY_CATALOGUE", str(make_catalogue(server.url)))
    assert main(["download", "rvu27a"]) == 3
    err = capsys.readouterr().err
    assert "RVU27A follow(s) the CMS naming pattern but is not in the release catalogue" in err
    assert server.requests == []
    assert main(["download", "latest"]) == 2


def test_reporter_plain_lines_and_summary():
    stream = io.StringIO()
    with Reporter(stream=stream) as report:  # a StringIO is not a TTY: plain lines
        task = report.task("rvu25d.zip", total=1000)
        for done in (100, 300, 600, 1000):
            report.advance(task, completed=done)
        report.done(task, "ok")
    report.summary("What changed", ["release", "status"], [("RVU25D", "downloaded")])
    lines = stream.getvalue().splitlines()
    assert lines[0] == "rvu25d.zip: started (1,000 B)"
    assert lines[1:3] == ["rvu25d.zip: 30% (300 B)", "rvu25d.zip: 60% (600 B)"]
    assert lines[3].startswith("rvu25d.zip: ok (1,000 B in ")
    assert lines[4:] == ["What changed", "release  status", "RVU25D   downloaded"]


def test_rich_bars_and_summary_on_a_terminal():
    stream = io.StringIO()
    with Reporter(plain=False, stream=stream) as report:
        task = report.task("rvu25d.zip", total=1000)
        report.advance(task, completed=1000)
        report.done(task, "ok")
    assert "rvu25d.zip (ok)" in stream.getvalue() and "━" in stream.getvalue()
    print_summary("What changed", ["release"], [("RVU25D",)], stream=stream, plain=False)
    assert "What changed" in stream.getvalue() and "│ RVU25D  │" in stream.getvalue()
