"""Parse a CMS MUE table (CSV, Latin-1) -> typed MUE rows + rejected rows.

Layout (CMS, see docs/ncci_rules.md): an AMA notice row, then the header
``HCPCS/CPT Code, <Service> Services MUE Values, MUE Adjudication Indicator, MUE Rationale`` whose first
cell may hold a line break (``"HCPCS/\\nCPT Code"``), then one code a row. The adjudication indicator
cell carries its label text (``2 Date of Service Edit: Policy``): the leading digit is the MAI.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from pipelines.parsing.ncci_files import NcciFileError
from pipelines.parsing.ncci_ptp import REJECT_SCHEMA, resolve_duplicates

SERVICE_HEADERS = {
    "practitioner": "practitioner services mue values",
    "outpatient_hospital": "outpatient hospital services mue values",
    "dme": "dme supplier services mue values",
}
HEADER_WITHIN = 5
CODE = re.compile(r"^[0-9A-Z]{5}$")
MAI = re.compile(r"^\s*([0-9])(?![0-9])")
MUE_SCHEMA = {
    "service_type": pl.String,
    "hcpcs": pl.String,
    "mue_value": pl.Int32,
    "mai": pl.Int8,
    "mai_text": pl.String,
    "rationale": pl.String,
    "effective_date": pl.Date,
    "source_file": pl.String,
    "source_line": pl.Int32,
}


@dataclass
class MueParse:
    rows: pl.DataFrame
    rejects: pl.DataFrame
    rows_read: int
    blank_lines: int = 0
    duplicates: int = 0
    sources: list[str] = field(default_factory=list)


def _norm(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip().casefold()


def _is_header(row: list[str], service: str) -> bool:
    cells = [_norm(c) for c in row[:4]] + [""] * (4 - len(row[:4]))
    return (
        re.sub(r"\s", "", cells[0]) == "hcpcs/cptcode"
        and cells[1] == SERVICE_HEADERS[service]
        and cells[2] == "mue adjudication indicator"
        and cells[3] == "mue rationale"
    )


def _reject(source: str, line: int, raw: list[str], code: str, reason: str) -> dict[str, object]:
    return {
        "source_file": source,
        "line_number": line,
        "raw_line": ",".join(raw),
        "reason_code": code,
        "reason": reason,
    }


def parse_mue(data: bytes, source: str, service: str, effective: date) -> MueParse:
    """One MUE CSV's bytes -> accepted rows (typed) and rejected rows (line number, reason)."""
    reader = csv.reader(io.StringIO(data.decode("latin-1"), newline=""))
    preamble: list[list[str]] = []
    for row in reader:
        if _is_header(row, service):
            break
        preamble.append(row)
        if len(preamble) >= HEADER_WITHIN:
            break
    else:
        row = []
    if not _is_header(row, service):
        first = ",".join(preamble[0])[:120] if preamble else "(empty file)"
        raise NcciFileError(
            f"{source}: not an NCCI {service} MUE table: expected an AMA notice row and then the header "
            f"'HCPCS/CPT Code, {SERVICE_HEADERS[service].title()}, MUE Adjudication Indicator, MUE Rationale' "
            f"in the first {HEADER_WITHIN} rows; the file starts with {first!r}"
        )
    notice = " ".join(" ".join(r) for r in preamble).casefold()
    if "american medical association" not in notice and "copyright" not in notice:
        raise NcciFileError(f"{source}: not an NCCI MUE table: no AMA notice row before the header")

    good: list[dict[str, object]] = []
    bad: list[dict[str, object]] = []
    blank = read = 0
    for row in reader:
        line = reader.line_num
        cells = [c.strip() for c in row]
        if not any(cells):
            blank += 1
            continue
        read += 1
        while len(cells) > 4 and cells[-1] == "":
            cells.pop()  # trailing empty cells of a spreadsheet export
        if len(cells) != 4:
            bad.append(_reject(source, line, row, "field_count", f"expected 4 fields, found {len(cells)}"))
            continue
        code, value, mai_text, rationale = cells
        mai = MAI.match(mai_text)
        if not CODE.match(code):
            bad.append(
                _reject(source, line, row, "bad_code", f"HCPCS code '{code}' is not 5 characters A-Z/0-9")
            )
        elif not value.isdigit():
            bad.append(
                _reject(source, line, row, "bad_mue_value", f"MUE value '{value}' is not a whole number >= 0")
            )
        elif mai is None or mai.group(1) not in "123":
            bad.append(
                _reject(
                    source,
                    line,
                    row,
                    "bad_mai",
                    f"adjudication indicator '{mai_text}' does not start with 1, 2 or 3",
                )
            )
        else:
            good.append(
                {
                    "service_type": service,
                    "hcpcs": code,
                    "mue_value": int(value),
                    "mai": int(mai.group(1)),
                    "mai_text": mai_text,
                    "rationale": rationale or None,
                    "effective_date": effective,
                    "source_file": source,
                    "source_line": line,
                }
            )
    rows = pl.DataFrame(good, schema=MUE_SCHEMA)
    kept, conflicts, exact = resolve_duplicates(
        rows, ["service_type", "hcpcs"], ["mue_value", "mai", "rationale"], "HCPCS code"
    )
    rejects = pl.concat([pl.DataFrame(bad, schema=REJECT_SCHEMA), conflicts])
    return MueParse(kept, rejects, read, blank, exact, [source])
