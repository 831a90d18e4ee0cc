"""Denial report files (JSON Lines or CSV) -> a stream of rows with their line numbers.

Pure and memory-bounded: bytes are read in chunks, a line longer than ``max_line_bytes`` is skipped
without being held in memory, and every physical record (including malformed ones) becomes a
``RawRow``. Handles a UTF-8 BOM and CRLF; a non-UTF-8 line is decoded (cp1252, then Latin-1) and marked
with its encoding (intake rejects it). Blank lines are
not rows. Nothing here validates the contract; see pipelines/intake/.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pipelines.lib.safe_input import ENV, InputLimits, InputRefused, check_size

# A valid report is a few KiB at most (two 2,000-character texts, even fully \u-escaped, < 30 KiB).
# The caps are settings (InputLimits: MEDPAY_MAX_REPORT_LINE_BYTES, _FILE_BYTES, _COLUMNS, _JSON_DEPTH).
MAX_LINE_BYTES = InputLimits.report_line_bytes
MAX_JSON_DEPTH = InputLimits.report_json_depth
CHUNK = 64 * 1024
BOM = b"\xef\xbb\xbf"
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv"}
ARRAY_FIELDS = ("modifiers", "carc", "rarc")
APPEAL_COLUMNS = {"appeal_status": "status", "appeal_level": "level", "appeal_strategy": "strategy"}
INTEGER_FIELDS = ("schema_version", "units")
NUMBER_FIELDS = ("billed_amount", "paid_amount")
CONTRACT_FIELDS = {
    "schema_version", "report_id", "submitted_at", "contributor_id", "hcpcs", "modifiers", "units",
    "place_of_service", "payer_type", "state", "denial_month", "carc", "rarc", "billed_amount",
    "paid_amount", "denial_reason_text", "appeal_strategy_text", *APPEAL_COLUMNS,
}  # fmt: skip


class ReportFileError(ValueError):
    """The file is not a denial-report file at all (refused whole, before anything is written)."""


@dataclass(slots=True)
class RawRow:
    """One input record: ``record`` when it parsed as an object, else ``error`` (a reason code)."""

    line: int
    record: dict[str, Any] | None = None
    error: str | None = None
    detail: str | None = None
    # decoded text of a malformed record (screened for PHI before anything of it is kept)
    text: str | None = None
    # what could be read of a malformed CSV record, by column (screened field by field)
    partial: dict[str, Any] | None = None
    encoding: str = "utf-8"
    size: int = 0


def file_format(path: Path, limits: InputLimits | None = None) -> str:
    """'jsonl' or 'csv' from the file name, checked against the size cap and the first bytes; else
    ReportFileError. A NUL byte in the first line means binary (or UTF-16) content: the file is
    refused; a NUL byte further down only rejects its row (``nul_byte``)."""
    suffix = path.suffix.lower()
    if suffix not in JSONL_SUFFIXES | CSV_SUFFIXES:
        raise ReportFileError(
            f"{path.name}: not a denial-report file (expected a .jsonl or .csv file per "
            f"contracts/denial_report.v1.schema.json, got suffix {suffix or '(none)'!r})"
        )
    limits = limits or InputLimits()
    try:
        check_size(path, limits.report_file_bytes, ENV["report_file_bytes"])
    except InputRefused as err:
        raise ReportFileError(str(err)) from err
    with open(path, "rb") as handle:
        head = handle.read(CHUNK)
    binary = head.startswith(
        (b"PK\x03\x04", b"\x1f\x8b", b"%PDF", b"\xd0\xcf\x11\xe0", b"\xff\xfe", b"\xfe\xff")
    )
    if binary or b"\x00" in head.split(b"\n", 1)[0]:
        raise ReportFileError(
            f"{path.name}: binary content (zip, gzip, PDF, Excel, UTF-16 or NUL bytes in the first line) "
            f"where a UTF-8 {'JSON Lines' if suffix in JSONL_SUFFIXES else 'CSV'} text file was expected"
        )
    if suffix in JSONL_SUFFIXES:
        text = head.removeprefix(BOM).lstrip()
        if text and not text.startswith((b"{", b"[")) and b"{" not in text.split(b"\n", 1)[0]:
            first = text.split(b"\n", 1)[0]
            if b"," in first and b"report_id" in first:
                raise ReportFileError(
                    f"{path.name}: looks like CSV (a header line with commas) but is named "
                    f"{suffix}: expected one JSON object per line"
                )
        return "jsonl"
    return "csv"


def _decode(raw: bytes) -> tuple[str, str]:
    """The text of a line and its encoding: UTF-8, else cp1252 / Latin-1, so that a non-UTF-8 record
    can still be screened for PHI and reported (intake rejects it: ``invalid_utf8``)."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def physical_lines(
    handle: BinaryIO, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, bytes | None, int, int]]:
    """(line number, bytes without the line ending or None when too long, size, '"' count) per line.

    A line longer than ``max_line_bytes`` is consumed chunk by chunk and never held whole.
    """
    number = 0
    while True:
        piece = handle.readline(CHUNK)
        if not piece:
            return
        number += 1
        if number == 1:
            piece = piece.removeprefix(BOM)
        size, quotes = len(piece), piece.count(b'"')
        parts: list[bytes] = [piece]
        while not piece.endswith(b"\n"):
            piece = handle.readline(CHUNK)
            if not piece:
                break
            size += len(piece)
            quotes += piece.count(b'"')
            if size > max_line_bytes:
                parts = []
            else:
                parts.append(piece)
        if size > max_line_bytes:
            yield number, None, size, quotes
        else:
            yield number, b"".join(parts).rstrip(b"\r\n"), size, quotes


def _too_long(number: int, size: int, limit: int) -> RawRow:
    return RawRow(
        number,
        error="line_too_long",
        detail=f"the line is {size:,} bytes; a report line may be at most {limit:,} bytes",
        size=size,
    )


def _nul_byte(number: int, text: str, encoding: str, size: int) -> RawRow:
    return RawRow(
        number,
        error="nul_byte",
        detail=f"the line holds a NUL byte (at character {text.index(chr(0)) + 1}): not text",
        text=text.replace("\x00", " "),  # screened for PHI like any unreadable line
        encoding=encoding,
        size=size,
    )


def too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists/objects more than ``limit`` levels (iterative: no recursion)."""
    level = [value]
    for _ in range(limit + 1):
        level = [
            child
            for item in level
            if isinstance(item, (dict, list))
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return False
    return True


def _too_deep_row(number: int, text: str, encoding: str, size: int, limit: int) -> RawRow:
    return RawRow(
        number,
        error="json_too_deep",
        detail=f"the JSON nests deeper than {limit} levels (limit {ENV['report_json_depth']}); "
        "a report nests 2 levels",
        text=text,
        encoding=encoding,
        size=size,
    )


def jsonl_row(
    number: int,
    raw: bytes | None,
    size: int,
    max_line_bytes: int = MAX_LINE_BYTES,
    max_depth: int = MAX_JSON_DEPTH,
) -> RawRow | None:
    """The row of one physical JSON Lines line (from ``physical_lines``); None for a blank line."""
    if raw is None:
        return _too_long(number, size, max_line_bytes)
    if not raw.strip():
        return None
    text, encoding = _decode(raw)
    if "\x00" in text:
        return _nul_byte(number, text, encoding, size)
    try:
        value = json.loads(text)
    except RecursionError:  # a nesting bomb ([[[[...]]]]) stops the decoder before any limit of ours
        return _too_deep_row(number, text, encoding, size, max_depth)
    except ValueError as err:
        pos = getattr(err, "pos", 0)
        truncated = "Unterminated string" in str(err) or pos >= len(text.rstrip()) - 1
        code = "truncated_json" if truncated else "malformed_json"
        what = "ends before the JSON object is complete" if truncated else "is not valid JSON"
        return RawRow(number, error=code, detail=f"the line {what} (at character {pos + 1})",
                      text=text, encoding=encoding, size=size)  # fmt: skip
    if not isinstance(value, dict):
        return RawRow(number, error="not_an_object",
                      detail=f"the line is a JSON {type(value).__name__}, not an object",
                      text=text, encoding=encoding, size=size)  # fmt: skip
    if text.count("{") + text.count("[") > max_depth and too_deep(value, max_depth):  # count: a fast bound
        return _too_deep_row(number, text, encoding, size, max_depth)
    return RawRow(number, record=value, encoding=encoding, size=size)


def iter_jsonl(
    handle: BinaryIO, max_line_bytes: int = MAX_LINE_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> Iterator[RawRow]:
    for number, raw, size, _quotes in physical_lines(handle, max_line_bytes):
        row = jsonl_row(number, raw, size, max_line_bytes, max_depth)
        if row is not None:
            yield row


def _csv_value(column: str, cell: str) -> Any:
    if column in ARRAY_FIELDS:
        return [part.strip() for part in cell.split(";") if part.strip()]
    if column in INTEGER_FIELDS and cell.strip().lstrip("-").isdigit():
        return int(cell)
    if column in NUMBER_FIELDS:
        try:
            number = float(cell)
        except ValueError:
            return cell
        return int(number) if number.is_integer() and "." not in cell else number
    return cell


def csv_record(header: list[str], cells: list[str]) -> dict[str, Any]:
    """The contract object of one CSV record: empty cells are absent, appeal_* become ``appeal``."""
    record: dict[str, Any] = {}
    appeal: dict[str, Any] = {}
    for column, cell in zip(header, cells, strict=False):
        if cell.strip() == "":
            continue
        if column in APPEAL_COLUMNS:
            appeal[APPEAL_COLUMNS[column]] = cell.strip()
        elif column in ("denial_reason_text", "appeal_strategy_text"):
            record[column] = cell
        else:
            record[column] = _csv_value(column, cell.strip())
    if appeal:
        record["appeal"] = appeal
    return record


def _csv_records(handle: BinaryIO, max_line_bytes: int) -> Iterator[tuple[int, str | None, int, str]]:
    """(first line, text, size, encoding) of each CSV record; quoted fields may span lines."""
    start, parts, size, quotes, encoding, too_long = 0, [], 0, 0, "utf-8", False
    for number, raw, line_size, line_quotes in physical_lines(handle, max_line_bytes):
        if not parts and not too_long:
            start, size, quotes, encoding = number, 0, 0, "utf-8"
        size += line_size
        if raw is None or too_long or size > max_line_bytes:
            # cannot parse it: skip until a line ends the record (quote parity even again)
            too_long, parts = True, []
            quotes += line_quotes
            if quotes % 2 == 0:
                yield start, None, size, encoding
                too_long, quotes = False, 0
            continue
        text, enc = _decode(raw)
        if enc != "utf-8":
            encoding = enc
        parts.append(text)
        quotes += line_quotes
        if quotes % 2 == 0:
            joined = "\n".join(parts)
            parts = []
            if joined.strip():
                yield start, joined, size, encoding
    if parts or too_long:
        yield start, ("\n".join(parts) if parts else None), size, encoding


def iter_csv(
    handle: BinaryIO, max_line_bytes: int = MAX_LINE_BYTES, name: str = "file", max_columns: int | None = None
) -> Iterator[RawRow]:
    records = _csv_records(handle, max_line_bytes)
    header: list[str] | None = None
    max_columns = max_columns or InputLimits.report_columns
    for number, text, size, encoding in records:
        if header is None:
            if text is None:
                raise ReportFileError(f"{name}: the CSV header line is longer than {max_line_bytes:,} bytes")
            header = [column.strip() for column in next(csv.reader([text]))]
            if len(header) > max_columns:
                raise ReportFileError(
                    f"{name}: refused: the CSV header has {len(header):,} columns, more than the limit of "
                    f"{max_columns:,} ({ENV['report_columns']}); the contract has {len(CONTRACT_FIELDS)} columns"
                )
            if not CONTRACT_FIELDS & set(header):
                raise ReportFileError(
                    f"{name}: the CSV header names none of the contract's columns (expected e.g. "
                    "report_id,submitted_at,contributor_id,hcpcs,...)"
                )
            continue
        if text is None:
            yield _too_long(number, size, max_line_bytes)
            continue
        if "\x00" in text:
            yield _nul_byte(number, text, encoding, size)
            continue
        if text.count('"') % 2:
            yield RawRow(number, error="truncated_csv", detail="a quoted field is never closed",
                         text=text, encoding=encoding, size=size)  # fmt: skip
            continue
        try:
            cells = next(csv.reader([text], strict=True))
        except csv.Error as err:
            yield RawRow(number, error="malformed_csv", detail=f"the CSV record cannot be read ({err})",
                         text=text, encoding=encoding, size=size)  # fmt: skip
            continue
        if len(cells) != len(header):
            yield RawRow(
                number,
                error="csv_cell_count",
                detail=f"the record has {len(cells)} cells but the header has {len(header)} columns",
                text=text, encoding=encoding, size=size,
                partial={**csv_record(header, cells), **{f"(cell {i + 1})": c for i, c in enumerate(cells) if i >= len(header)}},
            )  # fmt: skip
            continue
        yield RawRow(number, record=csv_record(header, cells), encoding=encoding, size=size)


def jsonl_lines(path: Path, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes, size) of each physical line of a JSON Lines file, for ``jsonl_row`` elsewhere
    (intake's worker processes parse them: bytes cost less to send than parsed objects)."""
    with open(path, "rb") as handle:
        for number, raw, size, _quotes in physical_lines(handle, max_line_bytes):
            yield number, raw, size


def iter_rows(
    path: Path, max_line_bytes: int | None = None, limits: InputLimits | None = None
) -> Iterator[RawRow]:
    """Every record of a report file, in order (raises ReportFileError for a file of the wrong kind).
    Limits: ``limits`` (default InputLimits()); ``max_line_bytes`` overrides its line cap."""
    limits = limits or InputLimits()
    max_line_bytes = max_line_bytes or limits.report_line_bytes
    kind = file_format(path, limits)
    with open(path, "rb") as handle:
        if kind == "jsonl":
            yield from iter_jsonl(handle, max_line_bytes, limits.report_json_depth)
        else:
            yield from iter_csv(handle, max_line_bytes, path.name, limits.report_columns)
