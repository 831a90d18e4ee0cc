"""GPCI, anesthesia CF and OPPS cap files of a CMS RVU release: CSV preferred, TXT fallback."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from pipelines.parsing.cms_common import (
    REJECT_SCHEMA,
    NotACmsRelease,
    ParsedTable,
    Rule,
    SourceFile,
    apply_rules,
    code_rule,
    concat_rejects,
    decimal_rules,
    decode_lines,
    duplicate_rule,
    finish,
    fixed_width,
    pad_code,
    read_csv_rows,
    split_cells,
    text_rows,
)
from pipelines.parsing.cms_pprrvu import STATUS_CODES
from pipelines.parsing.cms_schema import ANESTHESIA_CF, GPCI_TABLE, OPPS_CAP

MAC, LOCALITY = r"^\d{5}$", r"^\d{2}$"
GPCI_HEADER = [
    r".*CONTRACTOR.*",
    r"STATE",
    r"LOCALITY NUMBER",
    r"LOCALITY NAME",
    r"\d{4} PW GPCI.*",
    r"\d{4} PE GPCI.*",
    r"\d{4} MP GPCI.*",
]
ANES_HEADER = [r"CONTRACTOR", r"LOCALITY", r"LOCALITY NAME", r"NATIONAL ANES(THESIA)? CF OF \d+\.\d+"]
OPPS_HEADER = [
    r"HCPCS",
    r"MOD",
    r"PROCSTAT",
    r"CARRIER",
    r"LOCALITY",
    r"FACILITY PRICE",
    r"NON-FACI?LI?TY PRICE",
]
OPPS_TXT = {
    "hcpcs": (1, 5),
    "modifier": (6, 7),
    "proc_status": (9, 9),
    "mac": (11, 15),
    "locality": (18, 19),
    "facility_price": (20, 28),
    "nonfacility_price": (29, 38),
}


def _find_header(lines: list[str], patterns: Sequence[str], name: str, what: str) -> tuple[int, list[str]]:
    """The first of the leading lines whose cells match ``patterns`` one by one; else refuse."""
    expected = ",".join(p.replace("\\d{4}", "yyyy").replace(r"\d+\.\d+", "n.nnnn") for p in patterns)
    for index, line in enumerate(lines[:15]):
        cells = split_cells(line)
        while cells and cells[-1] == "" and len(cells) > len(patterns):
            cells.pop()
        if len(cells) == len(patterns) and all(
            re.fullmatch(p, c) for p, c in zip(patterns, cells, strict=True)
        ):
            return index, cells
        if cells and re.fullmatch(patterns[0], cells[0]) and len(cells) >= 2:
            raise NotACmsRelease(name, f"the {what} header {expected!r}", repr(",".join(cells)))
    if not lines:
        raise NotACmsRelease(name, f"a {what} CSV", "an empty file")
    raise NotACmsRelease(name, f"a {what} CSV with the header {expected!r} near the top")


def _footnotes(frame: pl.DataFrame, first: str, rest: Sequence[str]) -> pl.Expr:
    """Footnote lines: only the first cell filled, and it does not start with a digit."""
    return ~pl.col(first).str.contains(r"^\d").fill_null(True) & pl.all_horizontal(
        pl.col(c).is_null() for c in rest
    )


def _txt_records(
    lines: list[str], pattern: str, name: str, what: str
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Fixed-width lines matched by ``pattern`` (named groups). Lines not starting with a digit are
    headers/footnotes (not counted); other non-matching lines are rejected as bad_record."""
    raw = text_rows(lines)
    record = raw.filter(pl.col("raw_line").str.contains(r"^\s*\d"))
    fields = record.with_columns(pl.col("raw_line").str.extract_groups(pattern).alias("_f")).unnest("_f")
    names = [c for c in fields.columns if c not in ("line_number", "raw_line")]
    matched = pl.col(names[0]).is_not_null()
    bad = fields.filter(~matched).select(
        pl.lit(name).alias("source_file"),
        "line_number",
        "raw_line",
        pl.lit("bad_record").alias("reason_code"),
        pl.lit(f"line does not have the {what} fixed-width layout").alias("reason"),
    )
    good = fields.filter(matched).with_columns(pl.col(c).str.strip_chars() for c in names)
    if good.height == 0:
        raise NotACmsRelease(name, f"a {what} fixed-width TXT with at least one record")
    return good, bad.cast(REJECT_SCHEMA), record.height


def _locality_rules(frame: pl.DataFrame) -> list[Rule]:
    return [
        code_rule("mac", MAC, "bad_mac", "a 5-digit MAC number"),
        code_rule("locality", LOCALITY, "bad_locality", "a 2-digit locality number"),
    ]


def _name_expr(column: str) -> pl.Expr:
    """Locality names carry footnote stars (ALASKA*, WYOMING**): strip them."""
    return pl.col(column).str.strip_chars_end("* ").alias(column)


def read_gpci(data: bytes, name: str, release_id: str, fmt: str) -> ParsedTable:
    lines = decode_lines(data)
    columns = ["mac", "state", "locality", "locality_name", "work_gpci", "pe_gpci", "mp_gpci"]
    if fmt == "csv":
        header, _ = _find_header(lines, GPCI_HEADER, name, "GPCI")
        cells, bad_lines, read = read_csv_rows(lines, header + 1, columns, name)
        notes = cells.select(_footnotes(cells, "mac", columns[1:])).to_series()
        cells, read = cells.filter(~notes), read - int(notes.sum())
    else:
        if not any(re.search(r"PW GPCI.*PE GPCI.*MP GPCI", line, re.I) for line in lines[:10]):
            raise NotACmsRelease(name, "a GPCI fixed-width TXT with the 'PW GPCI / PE GPCI / MP GPCI' header")
        pattern = (
            r"^\s*(?<mac>\d{4,5})\s+(?<state>[A-Z]{2})\s+(?<locality>\d{1,2})\s+(?<locality_name>.*?)\s+"
            r"(?<work_gpci>\S+)\s+(?<pe_gpci>\S+)\s+(?<mp_gpci>\S+)\s*$"
        )
        cells, bad_lines, read = _txt_records(lines, pattern, name, "GPCI")
    cells = cells.with_columns(pad_code("mac", 5), pad_code("locality", 2), _name_expr("locality_name"))
    rules = [
        *_locality_rules(cells),
        code_rule("state", r"^[A-Z]{2}$", "bad_state", "a 2-letter state"),
        Rule("missing_value", pl.col("locality_name").is_null(), pl.lit("locality_name is blank")),
        *(r for c in ("work_gpci", "pe_gpci", "mp_gpci") for r in decimal_rules(c, 6, 3, required=True)),
        duplicate_rule(cells, ["mac", "locality"], "MAC/locality"),
    ]
    good, rejects = apply_rules(cells, rules, name)
    frame = finish(good, GPCI_TABLE, release_id, name)
    return ParsedTable(
        "gpci", frame, concat_rejects([bad_lines, rejects]), read, SourceFile.of(name, data), fmt
    )


def read_anesthesia_cf(data: bytes, name: str, release_id: str, fmt: str) -> ParsedTable:
    lines = decode_lines(data)
    columns = ["mac", "locality", "locality_name", "anesthesia_cf"]
    national = None
    if fmt == "csv":
        header, cells_h = _find_header(lines, ANES_HEADER, name, "ANES")
        national = re.search(r"(\d+\.\d+)", cells_h[3]).group(1)
        cells, bad_lines, read = read_csv_rows(lines, header + 1, columns, name)
    else:
        # The TXT stores the CF x100 without a decimal point: 1931 means 19.31.
        pattern = r"^\s*(?<mac>\d{4,5})\s+(?<locality>\d{1,2})\s+(?<locality_name>.*?)\s+(?<anesthesia_cf>\d{3,6})\s*$"
        cells, bad_lines, read = _txt_records(lines, pattern, name, "ANES")
        cf = pl.col("anesthesia_cf").str.zfill(3)
        cells = cells.with_columns(
            pl.concat_str(cf.str.slice(0, cf.str.len_chars() - 2), pl.lit("."), cf.str.slice(-2)).alias(
                "anesthesia_cf"
            )
        )
    cells = cells.with_columns(
        pad_code("mac", 5),
        pad_code("locality", 2),
        _name_expr("locality_name"),
        pl.lit(national, dtype=pl.String).alias("national_anesthesia_cf"),
    )
    rules = [
        *_locality_rules(cells),
        Rule("missing_value", pl.col("locality_name").is_null(), pl.lit("locality_name is blank")),
        *decimal_rules("anesthesia_cf", 8, 2, required=True),
        Rule(
            "bad_number",
            pl.col("anesthesia_cf").cast(pl.Float64, strict=False) <= 0,
            pl.format("anesthesia_cf must be positive: '{}'", pl.col("anesthesia_cf")),
        ),
        duplicate_rule(cells, ["mac", "locality"], "MAC/locality"),
    ]
    good, rejects = apply_rules(cells, rules, name)
    frame = finish(good, ANESTHESIA_CF, release_id, name)
    return ParsedTable(
        "anesthesia_cf", frame, concat_rejects([bad_lines, rejects]), read, SourceFile.of(name, data), fmt
    )


def read_opps_cap(data: bytes, name: str, release_id: str, fmt: str) -> ParsedTable:
    lines = decode_lines(data)
    columns = list(OPPS_TXT)
    if fmt == "csv":
        header, _ = _find_header(lines, OPPS_HEADER, name, "OPPSCAP")
        cells, bad_lines, read = read_csv_rows(lines, header + 1, columns, name)
    else:
        raw = text_rows(lines)
        layout_ok = raw["raw_line"].str.contains(r"^[0-9A-Z]{5}.{2} [A-Z] \d{5}  \d{2}")
        if raw.height == 0 or layout_ok.mean() < 0.5:
            raise NotACmsRelease(
                name, "an OPPSCAP fixed-width TXT (HCPCS 1-5, MOD 6-7, status 9, carrier 11-15)"
            )
        cells = raw.select(*fixed_width(OPPS_TXT), "line_number", "raw_line")
        bad_lines, read = pl.DataFrame(schema=REJECT_SCHEMA), raw.height
    cells = cells.with_columns(
        pl.when(pl.col("hcpcs").str.contains(r"^\d{1,4}$"))
        .then(pl.col("hcpcs").str.zfill(5))
        .otherwise("hcpcs"),
        pl.col("modifier").fill_null(""),
        pad_code("mac", 5),
        pad_code("locality", 2),
    )
    rules = [
        code_rule("hcpcs", r"^(\d{4}[0-9A-Z]|[A-Z]\d{4})$", "bad_hcpcs", "a 5-character HCPCS/CPT code"),
        code_rule("modifier", r"^([0-9A-Z]{2})?$", "bad_modifier", "a 2-character modifier"),
        Rule(
            "bad_status",
            ~pl.col("proc_status").is_in(STATUS_CODES).fill_null(False),
            pl.format("proc_status is not a CMS status code: '{}'", pl.col("proc_status").fill_null("")),
        ),
        *_locality_rules(cells),
        *decimal_rules("facility_price", 10, 2, required=False),
        *decimal_rules("nonfacility_price", 10, 2, required=False),
        duplicate_rule(cells, ["hcpcs", "modifier", "mac", "locality"], "HCPCS/modifier/MAC/locality"),
    ]
    good, rejects = apply_rules(cells, rules, name)
    frame = finish(good, OPPS_CAP, release_id, name)
    return ParsedTable(
        "opps_cap", frame, concat_rejects([bad_lines, rejects]), read, SourceFile.of(name, data), fmt
    )
