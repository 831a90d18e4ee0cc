"""pipelines/parsing/reports.py: every physical record becomes a row, whatever its bytes."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest

from pipelines.parsing.reports import ReportFileError, file_format, iter_csv, iter_jsonl, iter_rows

REPORT = {"schema_version": 1, "report_id": "3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b", "hcpcs": "97110"}
CSV_HEADER = "schema_version,report_id,hcpcs,modifiers,units,billed_amount,appeal_status,denial_reason_text"


def jsonl(data: bytes, **kwargs):
    return list(iter_jsonl(io.BytesIO(data), **kwargs))


def csv_rows(data: bytes, **kwargs):
    return list(iter_csv(io.BytesIO(data), **kwargs))


def test_bom_crlf_and_blank_lines() -> None:
    line = json.dumps(REPORT).encode()
    rows = jsonl(b"\xef\xbb\xbf" + line + b"\r\n\r\n" + line + b"\r\n")
    assert [(r.line, r.record, r.error) for r in rows] == [(1, REPORT, None), (3, REPORT, None)]


def test_latin1_and_cp1252_lines_are_decoded_not_lost() -> None:
    text = {"denial_reason_text": "caf\u00e9 \u2019quoted\u2019"}
    raw = json.dumps(text, ensure_ascii=False).encode("cp1252")
    latin = json.dumps({"denial_reason_text": "r\u00e9sum\u00e9 \u0081"}, ensure_ascii=False).encode(
        "latin-1"
    )
    rows = jsonl(raw + b"\n" + latin + b"\n")
    assert rows[0].record == text and rows[0].encoding == "cp1252"
    assert (
        rows[1].record == {"denial_reason_text": "r\u00e9sum\u00e9 \u0081"} and rows[1].encoding == "latin-1"
    )


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (b"not json at all", "malformed_json"),
        (b'{"report_id": "3f2b8a9e", "hcpcs": "971', "truncated_json"),
        (b'{"report_id": "3f2b8a9e",', "truncated_json"),
        (b"[1, 2, 3]", "not_an_object"),
        (b'"just a string"', "not_an_object"),
    ],
)
def test_malformed_lines_are_rows(line: bytes, error: str) -> None:
    good = json.dumps(REPORT).encode()
    rows = jsonl(good + b"\n" + line + b"\n" + good)
    assert [r.line for r in rows] == [1, 2, 3]
    assert rows[1].error == error and rows[1].record is None and rows[1].text == line.decode()
    assert rows[2].record == REPORT


def test_overlong_line_is_rejected_without_holding_it() -> None:
    good = json.dumps(REPORT).encode()
    huge = b'{"denial_reason_text": "' + b"x" * (50 * 1024 * 1024) + b'"}'
    data = good + b"\n" + huge + b"\n" + good + b"\n"
    tracemalloc.start()
    rows = jsonl(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [(r.line, r.error) for r in rows] == [(1, None), (2, "line_too_long"), (3, None)]
    assert rows[1].size == len(huge) + 1 and rows[1].text is None
    assert peak < 2 * 1024 * 1024  # chunks only, never the 50 MB line


def test_csv_types_arrays_and_appeal() -> None:
    data = (
        f"{CSV_HEADER}\r\n"
        '1,3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b,97110,GP;59,2,150.50,won,"bundled, per NCCI\r\nsecond line"\r\n'
    ).encode()
    [row] = csv_rows(data)
    assert row.line == 2
    assert row.record == {
        "schema_version": 1,
        "report_id": "3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b",
        "hcpcs": "97110",
        "modifiers": ["GP", "59"],
        "units": 2,
        "billed_amount": 150.5,
        "appeal": {"status": "won"},
        "denial_reason_text": "bundled, per NCCI\nsecond line",
    }


def test_csv_extra_and_missing_columns() -> None:
    # an extra header column travels with the record (the contract refuses it when it has a value);
    # a missing contract column is simply absent (the contract reports the required field)
    header = "report_id,hcpcs,patient_note"
    rows = csv_rows(f"{header}\nid-1,97110,\nid-2,97110,something\nid-3,97110\nid-4,97110,a,b\n".encode())
    assert rows[0].record == {"report_id": "id-1", "hcpcs": "97110"}
    assert rows[1].record == {"report_id": "id-2", "hcpcs": "97110", "patient_note": "something"}
    assert (rows[2].line, rows[2].error) == (4, "csv_cell_count")
    assert (rows[3].line, rows[3].error) == (5, "csv_cell_count")


def test_csv_unclosed_quote_at_end_is_a_row() -> None:
    rows = csv_rows(f'{CSV_HEADER}\n1,id,97110,,,,,"never closed\nmore\n'.encode())
    assert [(r.line, r.error) for r in rows] == [(2, "truncated_csv")]


def test_csv_overlong_record_skips_to_its_end() -> None:
    big = "y" * 5000
    data = f'report_id,denial_reason_text\nid-1,"{big}\n{big}"\nid-2,ok\n'.encode()
    rows = csv_rows(data, max_line_bytes=4096)
    assert [(r.line, r.error) for r in rows] == [(2, "line_too_long"), (4, None)]
    assert rows[1].record == {"report_id": "id-2", "denial_reason_text": "ok"}


def test_formula_and_sql_text_are_kept_verbatim_as_data() -> None:
    data = b'report_id,denial_reason_text\nid-1,"=HYPERLINK(""x"")"\nid-2,"\'); drop table reports; --"\n'
    rows = csv_rows(data)
    assert rows[0].record["denial_reason_text"] == '=HYPERLINK("x")'
    assert rows[1].record["denial_reason_text"] == "'); drop table reports; --"


def test_file_kind_is_checked(tmp_path: Path) -> None:
    for name, content in [
        ("a.txt", b"{}"),
        ("b.jsonl", b"PK\x03\x04zipdata"),
        ("c.csv", b"\x00\x01binary"),
        ("d.jsonl", b"report_id,hcpcs\nx,97110\n"),
        ("e.csv", b"name,address\nx,y\n"),
    ]:
        (tmp_path / name).write_bytes(content)
        with pytest.raises(ReportFileError, match=name):
            list(iter_rows(tmp_path / name))
    (tmp_path / "f.JSONL").write_bytes(b"garbage first line\n{}\n")
    assert file_format(tmp_path / "f.JSONL") == "jsonl"
