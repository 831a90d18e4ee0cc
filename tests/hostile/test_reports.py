"""Hostile report files through the real intake (tests/reports fixtures): each bad line is rejected
with a clear reason and the rest of the file still processed, counts reconciling; a file that cannot
be a report file is refused whole, naming the file and the limit."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.intake.load import ingest_file
from pipelines.parsing.reports import ReportFileError
from pipelines.resources import InputLimitsResource
from tests.reports.cases import report, uid
from tests.reports.conftest import NOW, reference_db, warehouse_db  # noqa: F401 - fixtures
from tests.reports.conftest import conn as conn  # a fixture


def outcomes(conn: duckdb.DuckDBPyConnection, name: str) -> dict[int, tuple[str, str | None]]:
    rows = conn.execute(
        "select source_line, outcome, reason_code from intake_outcomes where source_file = ?", [name]
    ).fetchall()
    return {line: (outcome, reason) for line, outcome, reason in rows}


def good(n: int) -> bytes:
    return json.dumps(report(n)).encode()


def test_giant_line_nul_bytes_bad_utf8_and_a_nesting_bomb_are_rows(conn, tmp_path: Path) -> None:
    nested = report(5)
    nested["appeal"] = {"status": "won", "notes": [[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]}
    lines = [
        good(1),
        b'{"report_id": "' + b"A" * 5_000_000 + b'"}',  # one 5 MB line
        good(2),
        good(3)[:40] + b"\x00" + good(3)[40:],  # a NUL byte inside a line
        b"[" * 100_000 + b"]" * 100_000,  # a nesting bomb (would blow the decoder's recursion)
        json.dumps(nested).encode(),  # valid JSON, 19 levels deep
        json.dumps(report(4, denial_reason_text="Caf\u00e9 bundled"), ensure_ascii=False).encode(
            "cp1252"
        ),  # not UTF-8
        good(6),
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    summary = ingest_file(conn, path, "hostile.jsonl", now=NOW)
    got = outcomes(conn, "hostile.jsonl")
    assert got == {
        1: ("accepted", None),
        2: ("rejected", "line_too_long"),
        3: ("accepted", None),
        4: ("rejected", "nul_byte"),
        5: ("rejected", "json_too_deep"),
        6: ("rejected", "json_too_deep"),
        7: ("rejected", "invalid_utf8"),
        8: ("accepted", None),
    }
    assert summary.rows_read == 8 and summary.reconciles and summary.non_utf8_rows == 1
    reasons = dict(
        conn.execute("select reason_code, message from intake_outcomes where outcome = 'rejected'").fetchall()
    )
    assert "NUL byte" in reasons["nul_byte"] and "MEDPAY_MAX_REPORT_JSON_DEPTH" in reasons["json_too_deep"]
    assert conn.execute("select count(*) from reports where report_id = ?", [uid(6)]).fetchone() == (1,)


def test_csv_nul_byte_is_a_row_and_10000_columns_refuse_the_file(conn, tmp_path: Path) -> None:
    header = "report_id,hcpcs,denial_reason_text"
    path = tmp_path / "nul.csv"
    path.write_bytes(f"{header}\n{uid(1)},97110,ok\n{uid(2)},97\x00110,bad\n{uid(3)},97110,ok\n".encode())
    summary = ingest_file(conn, path, "nul.csv", now=NOW)
    assert outcomes(conn, "nul.csv")[3] == ("rejected", "nul_byte") and summary.rows_read == 3
    assert summary.reconciles

    wide = tmp_path / "wide.csv"
    columns = ["report_id", *(f"c{i}" for i in range(9_999))]
    wide.write_text(",".join(columns) + "\n" + ",".join(["x"] * 10_000) + "\n")
    with pytest.raises(ReportFileError, match=r"wide\.csv.*10,000 columns.*MEDPAY_MAX_REPORT_COLUMNS"):
        ingest_file(conn, wide, "wide.csv", now=NOW)
    assert conn.execute("select count(*) from intake_files where source_file = 'wide.csv'").fetchone() == (0,)


def test_a_binary_first_line_and_an_oversized_file_are_refused_whole(conn, tmp_path: Path) -> None:
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes(good(1).decode().encode("utf-16"))
    with pytest.raises(ReportFileError, match="utf16.jsonl: binary content"):
        ingest_file(conn, utf16, "utf16.jsonl", now=NOW)
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"\n".join(good(n) for n in range(1, 20)))
    small = InputLimitsResource(report_file_bytes="4KiB").limits
    with pytest.raises(ReportFileError, match=r"big\.jsonl.*limit MEDPAY_MAX_REPORT_FILE_BYTES=4096"):
        ingest_file(conn, big, "big.jsonl", now=NOW, limits=small)


def test_the_line_cap_is_a_setting(conn, tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes(good(1) + b"\n" + good(2) + b"\n")
    limits = InputLimitsResource(report_line_bytes="200").limits
    summary = ingest_file(conn, path, "lines.jsonl", now=NOW, limits=limits)
    assert set(outcomes(conn, "lines.jsonl").values()) == {("rejected", "line_too_long")}
    assert summary.rows_read == 2 and summary.reconciles
