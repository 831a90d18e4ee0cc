"""ingest_file on the seeded reference warehouse: one outcome per row, counts reconcile, no PHI stored."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipelines.intake.errors_report import build_error_report
from pipelines.intake.load import ingest_file
from pipelines.intake.reference import ReferenceMissing
from pipelines.parsing.reports import ReportFileError

from .cases import PLANTED_PHI, expected, line, report, write_cases
from .conftest import NOW

TABLES = (
    "reports",
    "report_carc",
    "report_rarc",
    "report_themes",
    "intake_files",
    "intake_outcomes",
    "quarantine",
)


def outcomes(conn: duckdb.DuckDBPyConnection, name: str) -> dict[int, tuple[str, str | None]]:
    rows = conn.execute(
        "select source_line, outcome, reason_code from intake_outcomes where source_file = ?", [name]
    ).fetchall()
    return {line_no: (outcome, reason) for line_no, outcome, reason in rows}


def all_text(conn: duckdb.DuckDBPyConnection) -> str:
    """Every value of every table of the warehouse as one string (to search for planted PHI)."""
    parts = []
    for (table,) in conn.execute("select table_name from information_schema.tables").fetchall():
        for row in conn.execute(f'select * from "{table}"').fetchall():
            parts.append(json.dumps(row, default=str))
    return "\n".join(parts)


def test_every_case_gets_its_outcome(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write_cases(tmp_path / "cases.jsonl", newline="\r\n")
    summary = ingest_file(conn, path, "cases.jsonl", now=NOW)
    assert outcomes(conn, "cases.jsonl") == expected()
    want = Counter(outcome for outcome, _reason in expected().values())
    assert want == {"accepted": 4, "duplicate": 1, "quarantined_phi": 7, "rejected": 19}
    assert summary.rows_read == len(expected()) == 31 and summary.reconciles
    counts = (summary.accepted, summary.rejected, summary.quarantined, summary.duplicates)
    assert counts == (want["accepted"], want["rejected"], want["quarantined_phi"], want["duplicate"])
    stored = conn.execute(
        "select rows_read, accepted, rejected, quarantined, duplicates, had_phi from intake_files"
    ).fetchone()
    assert stored == (31, *counts, True)
    assert conn.execute("select count(*) from reports").fetchone() == (4,)
    assert conn.execute("select count(*) from report_carc").fetchone() == (7,)
    assert conn.execute(
        "select position, group_code, carc_code, carc from report_carc order by report_id, position limit 2"
    ).fetchall() == [
        (1, "CO", "97", "CO-97"),
        (2, "PR", "204", "PR-204"),
    ]
    assert conn.execute("select count(*) from report_rarc").fetchone() == (5,)


def test_stored_rows_are_typed_and_sql_text_is_only_data(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = write_cases(tmp_path / "cases.jsonl")
    ingest_file(conn, path, "cases.jsonl", now=NOW)
    row = conn.execute(
        "select modifiers, units, denial_month, cast(submitted_at as varchar), billed_amount, rarc, appeal_status "
        "from reports where report_id = '00000000-0000-4000-8000-000000000002'"
    ).fetchone()
    assert row[0] == ["25"] and row[1] == 2 and str(row[2]) == "2025-08-01"
    assert (
        row[3] == "2025-09-14 10:22:00"
        and float(row[4]) == 150.0
        and row[5] == ["M76", "N290"]
        and row[6] == "won"
    )
    sql_text = conn.execute("select denial_reason_text from reports where report_id like '%17'").fetchone()[0]
    assert sql_text.startswith("'); drop table reports; --")
    assert {t for (t,) in conn.execute("select table_name from information_schema.tables").fetchall()} >= set(
        TABLES
    )


def test_no_planted_phi_is_stored_and_quarantine_is_masked(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = write_cases(tmp_path / "cases.jsonl")
    ingest_file(conn, path, "cases.jsonl", now=NOW)
    everything = all_text(conn)
    for phi in PLANTED_PHI:
        assert phi not in everything
    masked = dict(conn.execute("select source_line, masked_record from quarantine").fetchall())
    assert "[SSN]" in json.loads(masked[4])["denial_reason_text"]
    assert json.loads(masked[18]) == {"line": '{"note": "Pt MBI [MBI]", '}
    kinds = dict(conn.execute("select source_line, finding_kinds from quarantine").fetchall())
    assert kinds[4] == ["SSN"] and kinds[28] in (["PHONE"], ["FAX"])


def test_messages_name_fields_without_echoing_free_text(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = write_cases(tmp_path / "cases.jsonl")
    summary = ingest_file(conn, path, "cases.jsonl", now=NOW)
    messages = dict(
        conn.execute(
            "select source_line, message from intake_outcomes where outcome <> 'accepted'"
        ).fetchall()
    )
    assert messages[5] == "hcpcs '9711' does not have the expected format"
    assert messages[6] == "hcpcs 'ZZZZZ' is not in any loaded CMS RVU release"
    assert messages[12] == "payer_type is required but missing"
    assert messages[13].startswith("note is not a field of the contract")
    assert "=SUM" not in messages[20] and "denial_reason_text" in messages[20]
    assert (
        messages[14]
        == "possible patient information (NAME) in (a field not in the contract): the report was quarantined and not counted"
    )
    report_json = json.dumps(build_error_report(conn, summary))
    for phi in PLANTED_PHI:
        assert phi not in report_json
    problems = build_error_report(conn, summary)["problems"]
    assert [p["line"] for p in problems] == sorted(p["line"] for p in problems)
    assert all(p["fix"] for p in problems)
    fixes = {p["line"]: p["fix"] for p in problems}
    assert "not with =, @, + or -" in fixes[20]  # formula_like: the reason says what to change
    assert "paid_amount cannot be larger than billed_amount" in fixes[23]
    assert fixes[5].startswith("send the 5-character CPT/HCPCS code")  # otherwise the field's fix


def test_duplicates_across_files_and_identical_redelivery(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = tmp_path / "a.jsonl"
    first.write_text("\n".join(line(report(n)) for n in (1, 2, 3)) + "\n")
    again = tmp_path / "b.jsonl"
    again.write_text("\n".join(line(report(n)) for n in (3, 4)) + "\n")
    ingest_file(conn, first, "a.jsonl", now=NOW)
    ingest_file(conn, first, "a.jsonl", now=NOW)  # a rerun of the same partition replaces it
    second = ingest_file(conn, again, "b.jsonl", now=NOW)
    assert (second.accepted, second.duplicates) == (1, 1)
    copy = tmp_path / "a-copy.jsonl"
    copy.write_bytes(first.read_bytes())  # the same file delivered under another name
    third = ingest_file(conn, copy, "a-copy.jsonl", now=NOW)
    assert (third.accepted, third.duplicates) == (0, 3)
    assert conn.execute("select count(*), count(distinct report_id) from reports").fetchone() == (4, 4)
    assert conn.execute("select count(*) from intake_files").fetchone() == (3,)
    message = conn.execute(
        "select message from intake_outcomes where source_file = 'b.jsonl' and outcome = 'duplicate'"
    ).fetchone()[0]
    assert (
        message
        == f"report_id {report(3)['report_id']} was already accepted from a.jsonl line 3; a report counts once"
    )


def test_csv_with_extra_missing_columns_and_a_non_utf8_record(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    header = "schema_version,report_id,submitted_at,contributor_id,hcpcs,modifiers,payer_type,state,denial_month,carc,rarc,appeal_status,denial_reason_text,internal_ref"
    rec = report(1)
    cells = [
        "1",
        rec["report_id"],
        rec["submitted_at"],
        rec["contributor_id"],
        "97110",
        "GP;59",
        "medicare",
        "OH",
        "2025-08",
        "CO-97;PR-204",
        "N20",
        "won",
    ]
    rows = [
        ",".join([*cells, '"Caf\xe9 therapy note, bundled per NCCI"', ""]),
        ",".join([*cells[:1], report(2)["report_id"], *cells[2:], "ok", "X-1"]),  # extra column with a value
        ",".join(cells[:5]),  # too few cells
    ]
    # a record saved in cp1252 (an Excel "CSV" export) is not UTF-8: rejected with its reason, not guessed
    cp1252 = ",".join(
        [*cells[:1], report(3)["report_id"], *cells[2:], '"payer\u2019s bundling edit"', ""]
    ).encode("cp1252")
    path = tmp_path / "export.csv"
    body = (header + "\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + body + cp1252 + b"\r\n")
    summary = ingest_file(conn, path, "export.csv", now=NOW)
    assert outcomes(conn, "export.csv") == {
        2: ("accepted", None),
        3: ("rejected", "unknown_field"),
        4: ("rejected", "csv_cell_count"),
        5: ("rejected", "invalid_utf8"),
    }
    assert summary.non_utf8_rows == 1
    text = conn.execute("select denial_reason_text, modifiers, carc from reports").fetchone()
    # stored redacted: "Café" is no word of the safe lists (deny by default), the rest is billing vocabulary
    assert text == ("[NAME] therapy note, bundled per NCCI", ["GP", "59"], ["CO-97", "PR-204"])
    assert conn.execute("select field, theme from report_themes").fetchall() == [
        ("denial_reason_text", "bundled")
    ]
    header_only = tmp_path / "missing.csv"
    header_only.write_text("report_id,hcpcs\n" + rec["report_id"] + ",97110\n")
    ingest_file(conn, header_only, "missing.csv", now=NOW)
    message = conn.execute(
        "select message from intake_outcomes where source_file = 'missing.csv'"
    ).fetchone()[0]
    assert "contributor_id is required but missing" in message and "state is required but missing" in message


def test_overlong_line_is_one_rejected_row(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with open(path, "w") as handle:
        handle.write(line(report(1)) + "\n")
        handle.write('{"denial_reason_text": "' + "x" * (50 * 1024 * 1024) + '"}\n')
        handle.write(line(report(2)) + "\n")
    summary = ingest_file(conn, path, "big.jsonl", now=NOW)
    assert outcomes(conn, "big.jsonl") == {
        1: ("accepted", None),
        2: ("rejected", "line_too_long"),
        3: ("accepted", None),
    }
    assert summary.reconciles


def test_parallel_workers_give_the_same_outcomes(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write_cases(tmp_path / "cases.jsonl")
    ingest_file(conn, path, "cases.jsonl", now=NOW, workers=2, batch_size=4)
    assert outcomes(conn, "cases.jsonl") == expected()


def test_refusals_write_nothing(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    with pytest.raises(ReportFileError, match="report.pdf"):
        ingest_file(conn, path, "report.pdf", now=NOW)
    empty = duckdb.connect()
    good = write_cases(tmp_path / "cases.jsonl")
    with pytest.raises(ReferenceMissing, match="x12_codes|rvu|usps_states"):
        ingest_file(empty, good, "cases.jsonl", now=NOW)
    assert conn.execute(
        "select count(*) from information_schema.tables where table_name = 'reports'"
    ).fetchone() == (0,)
