"""The PPRRVU CSV header read by NAMES: each column's name wraps over the last header rows (read top
to bottom), the names map to rvu columns, and each file's column positions come from its names, so
the CY2025 (31 columns) and CY2026 (32: PRIC IND after TEAM SURG) layouts both read and a column CMS
adds later shifts nothing (its cells are kept in extra_columns)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from pipelines.parsing.cms_common import NotACmsRelease, split_cells

# Column name (its header cells read top to bottom, see header_names) -> rvu column. Every one the
# 2025 layout has is required: the pipeline stores, compares (rvu_changes) or prices with each.
NAMES = {
    "HCPCS": "hcpcs",
    "MOD": "modifier",
    "DESCRIPTION": "description",
    "STATUS CODE": "status_code",
    "NOT USED FOR MEDICARE PAYMENT": "not_used_for_medicare",
    "WORK RVU": "work_rvu",
    "NON-FAC PE RVU": "pe_nonfacility_rvu",
    "NON-FAC NA INDICATOR": "pe_nonfacility_na",
    "FACILITY PE RVU": "pe_facility_rvu",
    "FACILITY NA INDICATOR": "pe_facility_na",
    "MP RVU": "mp_rvu",
    "NON-FACILITY TOTAL": "total_nonfacility_rvu",
    "FACILITY TOTAL": "total_facility_rvu",
    "PCTC IND": "pctc_indicator",
    "GLOB DAYS": "global_days",
    "PRE OP": "preop_share",
    "INTRA OP": "intraop_share",
    "POST OP": "postop_share",
    "MULT PROC": "mult_proc_indicator",
    "BILAT SURG": "bilat_surg_indicator",
    "ASST SURG": "asst_surg_indicator",
    "CO-SURG": "co_surg_indicator",
    "TEAM SURG": "team_surg_indicator",
    "PRIC IND": "pricing_indicator",
    "ENDO BASE": "endo_base",
    "CONV FACTOR": "conversion_factor",
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES": "phys_supervision",
    "CALCULATION FLAG": "calculation_flag",
    "DIAGNOSTIC IMAGING FAMILY INDICATOR": "diag_imaging_family",
    "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "opps_pe_nonfacility_rvu",
    "FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "opps_pe_facility_rvu",
    "MP USED FOR OPPS PAYMENT AMOUNT": "opps_mp_rvu",
}
# Columns a file may lack: PRIC IND is new in CY2026 (null for earlier releases).
OPTIONAL = {"pricing_indicator"}
# Not read from a named column: extra_columns holds the cells of every column the header names but
# NAMES does not know (a column CMS adds later), as a JSON object {header name: cell}.
EXTRA = "extra_columns"
HEADER_ROWS = 6  # the name of a column wraps over at most this many rows (5 in 2025 and 2026)
_PREAMBLE_LINE = re.compile(r"RELEASED\s+\d|COPYRIGHT|RELATIVE VALUE FILE", re.I)


@dataclass(frozen=True)
class CsvLayout:
    """Where each rvu column sits in one PPRRVU CSV, read off its header names."""

    names: list[str]  # per CSV column, its header name (header_names)
    columns: list[str]  # per CSV column, the rvu column it fills, or an _extra_<n> placeholder
    extra: dict[str, str]  # placeholder -> the header name of a column NAMES does not know


def header_block(lines: list[str], last: int) -> list[list[str]]:
    """Cells of the header rows ending at ``lines[last]`` (the 'HCPCS,MOD,...' row): that row and the
    rows right above it, up to a blank or preamble line (title, copyright, RELEASED) or HEADER_ROWS."""
    rows = [split_cells(lines[last].rstrip("\r"))]
    for index in range(last - 1, max(last - HEADER_ROWS, -1), -1):
        line = lines[index].rstrip("\r")
        cells = split_cells(line)
        if not any(cells) or _PREAMBLE_LINE.search(line):
            break
        rows.insert(0, cells)
    return rows


def header_names(rows: list[list[str]], file: str) -> list[str]:
    """Each column's name: its non-blank header cells read top to bottom, joined by a space
    (NON-FAC / NA / INDICATOR -> 'NON-FAC NA INDICATOR'; a part ending in a hyphen joins the next one
    without a space: CO- / SURG -> 'CO-SURG'). The last row (HCPCS,...) gives the number of columns."""
    width = len(rows[-1])
    for row in rows[:-1]:
        if any(row[width:]):
            raise NotACmsRelease(
                file,
                f"header rows no wider than the {width} columns of the 'HCPCS,MOD,...' row",
                f"a header row with names beyond column {width}: {','.join(row)!r}",
            )
    names = []
    for i in range(width):
        name = " ".join(row[i] for row in rows if i < len(row) and row[i])
        names.append(re.sub(r"(?<=\w)- ", "-", re.sub(r"\s+", " ", name)))
    return names


def csv_layout(names: list[str], file: str, line: int) -> CsvLayout:
    """Positions of the rvu columns from the header names (of the header ending on 1-based ``line``);
    refuses a file that lacks a column the pipeline needs (naming it) or names one twice. Unknown
    names become extra columns."""
    columns: list[str] = []
    extra: dict[str, str] = {}
    for i, name in enumerate(names):
        column = NAMES.get(name)
        if column is not None and column in columns:
            raise NotACmsRelease(
                file,
                f"one PPRRVU column named {name!r}",
                f"two in the header ending on line {line} (columns {columns.index(column) + 1} and {i + 1})",
            )
        if column is None:
            column = f"_extra_{i}"
            label = name or f"column {i + 1}"
            extra[column] = label if label not in extra.values() else f"{label} (column {i + 1})"
        columns.append(column)
    missing = [f"{n!r} ({c})" for n, c in NAMES.items() if c not in columns and c not in OPTIONAL]
    if missing:
        raise NotACmsRelease(
            file,
            "a PPRRVU header naming every column the pipeline needs",
            f"no column named {', '.join(missing)} in the header ending on line {line}; its "
            f"{len(names)} column names are {' | '.join(names)!r}",
        )
    return CsvLayout(names, columns, extra)


def named_columns(cells: pl.DataFrame, layout: CsvLayout) -> pl.DataFrame:
    """Cells read by position -> the rvu columns: optional ones the file lacks are null, unknown
    columns go into extra_columns as one JSON object per row (null when the file has none)."""
    absent = [pl.lit(None, dtype=pl.String).alias(c) for c in OPTIONAL if c not in layout.columns]
    if layout.extra:
        fields = [pl.col(key).alias(label) for key, label in layout.extra.items()]
        extra = pl.struct(fields).struct.json_encode()
    else:
        extra = pl.lit(None, dtype=pl.String)
    return cells.with_columns(*absent, extra.alias(EXTRA)).drop(list(layout.extra))
