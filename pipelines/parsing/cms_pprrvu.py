"""PPRRVU (the RVU file of a CMS release): CSV read by its header names (cms_pprrvu_header: the 2025
31-column and 2026 32-column layouts both read) or the 200-byte fixed-width TXT fallback (CY2025
layout only), spreadsheet damage restored where unambiguous, row rules -> rejects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from pipelines.parsing.cms_common import (
    NotACmsRelease,
    ParsedTable,
    Rule,
    SourceFile,
    apply_rules,
    concat_rejects,
    decimal_rules,
    decode_lines,
    duplicate_rule,
    finish,
    fixed_width,
    read_csv_rows,
    text_rows,
)
from pipelines.parsing.cms_pprrvu_header import (
    EXTRA,
    OPTIONAL,
    CsvLayout,
    csv_layout,
    header_block,
    header_names,
    named_columns,
)
from pipelines.parsing.cms_schema import PPRRVU_TXT_LAYOUT as TXT_LAYOUT
from pipelines.parsing.cms_schema import RVU

STATUS_CODES = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "M", "N", "P", "R", "T", "X"]
GLOBAL_DAYS = ["000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"]
MONTHS = {"JAN": "A", "APR": "B", "JUL": "C", "OCT": "D"}
_TITLE = re.compile(r"(\d{4}) NATIONAL PHYSICIAN FEE SCHEDULE RELATIVE VALUE FILE (\w+)", re.I)
_RELEASED = re.compile(r"RELEASED\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
_NAME = re.compile(r"PPRRVU(\d{4}|\d{2})_?([A-Z]{3})?", re.I)
_DECIMALS = {
    "work_rvu": (9, 2, True),
    "pe_nonfacility_rvu": (9, 2, True),
    "pe_facility_rvu": (9, 2, True),
    "mp_rvu": (9, 2, True),
    "total_nonfacility_rvu": (9, 2, True),
    "total_facility_rvu": (9, 2, True),
    "preop_share": (7, 4, True),
    "intraop_share": (7, 4, True),
    "postop_share": (7, 4, True),
    "conversion_factor": (10, 4, True),
    "opps_pe_nonfacility_rvu": (9, 2, False),
    "opps_pe_facility_rvu": (9, 2, False),
    "opps_mp_rvu": (9, 2, False),
}


@dataclass(frozen=True)
class PprrvuMeta:
    title: str
    year: int | None
    quarter_letter: str | None
    released_on: date | None


def _meta_from_name(name: str) -> PprrvuMeta:
    match = _NAME.search(name)
    year = quarter = None
    if match:
        year = int(match.group(1)) if len(match.group(1)) == 4 else 2000 + int(match.group(1))
        quarter = MONTHS.get((match.group(2) or "").upper())
    return PprrvuMeta(title=name, year=year, quarter_letter=quarter, released_on=None)


def pprrvu_year(release_id: str | None, name: str) -> int | None:
    """The CMS year of a PPRRVU file: from the release id (RVU26C_QPP -> 2026), else its name."""
    if release_id:
        return 2000 + int(release_id[3:5])
    return _meta_from_name(name).year


def _csv_preamble(lines: list[str], name: str) -> tuple[int, PprrvuMeta, CsvLayout]:
    """Index of the last header row, what the preamble says, and the column layout the header names."""
    title, year, quarter, released = name, None, None, None
    for index, line in enumerate(lines[:20]):
        if (match := _TITLE.search(line)) and year is None:
            title = next(cell for cell in line.split(",") if _TITLE.search(cell)).strip().strip('"')
            year, quarter = int(match.group(1)), MONTHS.get(match.group(2)[:3].upper())
        if (match := _RELEASED.search(line)) and released is None:
            month, day, yyyy = (int(g) for g in match.groups())
            released = date(yyyy, month, day)
        if line.lstrip('"').upper().startswith("HCPCS"):  # a re-save may quote every cell
            layout = csv_layout(header_names(header_block(lines, index), name), name, index + 1)
            fallback = _meta_from_name(name)
            meta = PprrvuMeta(title, year or fallback.year, quarter or fallback.quarter_letter, released)
            return index, meta, layout
    raise NotACmsRelease(name, "a PPRRVU CSV: a preamble and the header row starting 'HCPCS,MOD,DESCRIPTION'")


def _normalise() -> list[pl.Expr]:
    """Undo spreadsheet re-save damage where only one reading is possible (numeric text lost its
    leading zeros): HCPCS '100' -> '00100', GLOB DAYS '90' -> '090', supervision '9' -> '09'."""
    col = pl.col
    return [
        pl.when(col("hcpcs").str.contains(r"^\d{1,4}$"))
        .then(col("hcpcs").str.zfill(5))
        .otherwise(col("hcpcs").str.to_uppercase()),
        col("modifier").str.to_uppercase().fill_null(""),
        col("status_code").str.to_uppercase(),
        pl.when(col("global_days").str.contains(r"^\d{1,2}$"))
        .then(col("global_days").str.zfill(3))
        .otherwise(col("global_days").str.to_uppercase()),
        pl.when(col("phys_supervision").str.contains(r"^\d$"))
        .then(col("phys_supervision").str.zfill(2))
        .otherwise(col("phys_supervision").str.to_uppercase()),
        pl.when(col("diag_imaging_family").str.contains(r"^\d$"))
        .then(col("diag_imaging_family").str.zfill(2))
        .otherwise(col("diag_imaging_family")),
        pl.when(col("endo_base").str.contains(r"^\d{1,4}$"))
        .then(col("endo_base").str.zfill(5))
        .otherwise(col("endo_base")),
    ]


DIGITS = [str(d) for d in range(10)]


def _coded(column: str, pattern: str | list[str], *, required: bool = True) -> Rule:
    value = pl.col(column)
    bad = ~value.is_in(pattern) if isinstance(pattern, list) else ~value.str.contains(pattern)
    bad = bad.fill_null(True) if required else bad.fill_null(False)
    return Rule("bad_indicator", bad, pl.format(f"{column} is not a valid code: '{{}}'", value.fill_null("")))


_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_PLAIN_BYTES = bytes([9, 10, 13, *range(32, 127), *range(128, 256)])


def _rules(frame: pl.DataFrame, has_control_bytes: bool) -> list[Rule]:
    col = pl.col
    rules = []
    if has_control_bytes:  # checked once on the whole text: the per-line regex is costly
        rules.append(
            Rule(
                "junk_row",
                col("raw_line").str.contains(_CONTROL),
                pl.lit(
                    "line holds control bytes (e.g. the \\x1a EOF byte of a spreadsheet re-save): not a data row"
                ),
            )
        )
    rules += [
        Rule(
            "bad_hcpcs",
            ~col("hcpcs").str.contains(r"^(\d{4}[0-9A-Z]|[A-Z]\d{4})$").fill_null(False),
            pl.format("hcpcs is not a 5-character HCPCS/CPT code: '{}'", col("hcpcs").fill_null("")),
        ),
        Rule(
            "bad_modifier",
            ~col("modifier").str.contains(r"^([0-9A-Z]{2})?$"),
            pl.format("modifier is not a 2-character modifier: '{}'", col("modifier")),
        ),
        Rule(
            "bad_status",
            ~col("status_code").is_in(STATUS_CODES).fill_null(False),
            pl.format("status_code is not a CMS status code: '{}'", col("status_code").fill_null("")),
        ),
    ]
    for column, (precision, scale, required) in _DECIMALS.items():
        rules += decimal_rules(column, precision, scale, required=required)
    rules += [
        Rule(
            "bad_number",
            col("conversion_factor").cast(pl.Float64, strict=False) <= 0,
            pl.format("conversion_factor must be positive: '{}'", col("conversion_factor")),
        ),
        _coded("pe_nonfacility_na", ["NA"], required=False),
        _coded("pe_facility_na", ["NA"], required=False),
        _coded("not_used_for_medicare", ["+"], required=False),
        _coded("pctc_indicator", DIGITS),
        Rule(
            "bad_indicator",
            ~col("global_days").is_in(GLOBAL_DAYS).fill_null(False),
            pl.format(
                "global_days is not one of {}: '{}'",
                pl.lit("/".join(GLOBAL_DAYS)),
                col("global_days").fill_null(""),
            ),
        ),
        *(
            _coded(c, DIGITS)
            for c in (
                "mult_proc_indicator",
                "bilat_surg_indicator",
                "asst_surg_indicator",
                "co_surg_indicator",
                "team_surg_indicator",
            )
        ),
        _coded("endo_base", r"^[0-9A-Z]{5}$", required=False),
        _coded("phys_supervision", r"^[0-9A-Z]{2}$", required=False),
        _coded("calculation_flag", DIGITS, required=False),
        _coded("diag_imaging_family", r"^\d{2}$", required=False),
    ]
    for setting, pe in (("nonfacility", "pe_nonfacility_rvu"), ("facility", "pe_facility_rvu")):
        parts = [col(c).cast(pl.Float64, strict=False) for c in ("work_rvu", pe, "mp_rvu")]
        total = col(f"total_{setting}_rvu")
        rules.append(
            Rule(
                "total_mismatch",
                ((parts[0] + parts[1] + parts[2]) - total.cast(pl.Float64, strict=False)).abs() > 0.0101,
                pl.format(
                    f"total_{setting}_rvu '{{}}' is not work + {pe} + mp ({{}} + {{}} + {{}})",
                    total,
                    col("work_rvu"),
                    col(pe),
                    col("mp_rvu"),
                ),
            )
        )
    rules.append(duplicate_rule(frame, ["hcpcs", "modifier"], "hcpcs/modifier"))
    return rules


def _validate(
    cells: pl.DataFrame, release_id: str, name: str, data: bytes
) -> tuple[pl.DataFrame, pl.DataFrame]:
    cells = cells.with_columns(
        *(pl.lit(None, dtype=pl.String).alias(c) for c in (*OPTIONAL, EXTRA) if c not in cells.columns),
        *_normalise(),
    )
    has_control = bool(data.rstrip(b"\x1a").translate(None, _PLAIN_BYTES))
    good, rejects = apply_rules(cells, _rules(cells, has_control), name)
    good = good.with_columns(
        pl.col("pe_nonfacility_na").is_not_null(),
        pl.col("pe_facility_na").is_not_null(),
    )
    return finish(good, RVU, release_id, name), rejects


def read_pprrvu_csv(data: bytes, name: str, release_id: str) -> tuple[ParsedTable, PprrvuMeta]:
    lines = decode_lines(data)
    if not lines:
        raise NotACmsRelease(
            name, "a PPRRVU CSV with a preamble, a header row and data rows", "an empty file"
        )
    header_index, meta, layout = _csv_preamble(lines, name)
    cells, bad_lines, rows_read = read_csv_rows(lines, header_index + 1, layout.columns, name)
    frame, rejects = _validate(named_columns(cells, layout), release_id, name, data)
    table = ParsedTable(
        "rvu", frame, concat_rejects([bad_lines, rejects]), rows_read, SourceFile.of(name, data), "csv"
    )
    return table, meta


def read_pprrvu_txt(data: bytes, name: str, release_id: str) -> tuple[ParsedTable, PprrvuMeta]:
    lines = decode_lines(data)
    hdr = 0
    while hdr < len(lines) and lines[hdr].startswith("HDR"):
        hdr += 1
    raw = text_rows(lines, hdr)
    cf_ok = raw["raw_line"].str.slice(132, 8).str.contains(r"^ *\d+\.\d{4}$")
    if hdr == 0 or raw.height == 0 or cf_ok.mean() < 0.5:
        raise NotACmsRelease(
            name,
            "a PPRRVU fixed-width TXT: 'HDR' copyright lines, then records with the conversion factor in columns 133-140",
        )
    long = raw.filter(pl.col("raw_line").str.len_chars() > 200)
    too_long = long.select(
        pl.lit(name).alias("source_file"),
        "line_number",
        "raw_line",
        pl.lit("wrong_record_length").alias("reason_code"),
        pl.format(
            "record is {} characters; the PPRRVU layout has 200", pl.col("raw_line").str.len_chars()
        ).alias("reason"),
    )
    body = raw.filter(pl.col("raw_line").str.len_chars() <= 200)
    cells = body.select(*fixed_width(TXT_LAYOUT), "line_number", "raw_line")
    frame, rejects = _validate(cells, release_id, name, data)
    table = ParsedTable(
        "rvu", frame, concat_rejects([too_long, rejects]), raw.height, SourceFile.of(name, data), "txt"
    )
    return table, _meta_from_name(name)
