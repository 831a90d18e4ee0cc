"""Shared pieces of the CMS RVU release parsers: result types, text decoding, CSV/fixed-width
reading by position, row rules that turn failing rows into rejects, and decimal casting."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

REJECT_SCHEMA = pl.Schema(
    {
        "source_file": pl.String,
        "line_number": pl.Int64,
        "raw_line": pl.String,
        "reason_code": pl.String,
        "reason": pl.String,
    }
)
# A quoted CSV field, RFC 4180 style ("" inside is an escaped quote).
_QUOTED = r'"(?:[^"]|"")*"'


class NotACmsRelease(ValueError):
    """The input is not a CMS RVU release (or one of its files is not what it claims to be)."""

    def __init__(self, file: str, expected: str, found: str | None = None):
        detail = f"; found {found}" if found else ""
        super().__init__(f"{file}: not a CMS RVU release file: expected {expected}{detail}")
        self.file = file


class UnknownLayout(NotACmsRelease):
    """A CMS file in a layout this pipeline has not seen: refused rather than read at guessed positions."""

    def __init__(self, file: str, problem: str):
        ValueError.__init__(self, f"{file}: {problem}")
        self.file = file


@dataclass(frozen=True)
class SourceFile:
    name: str
    sha256: str
    bytes: int

    @classmethod
    def of(cls, name: str, data: bytes) -> SourceFile:
        return cls(name=name, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))


@dataclass
class ParsedTable:
    name: str
    frame: pl.DataFrame
    rejects: pl.DataFrame
    rows_read: int
    source: SourceFile
    format: str


def decode_lines(data: bytes) -> list[str]:
    """Latin-1 text split into physical lines; a trailing CR stays on each line (callers strip it).
    A lone DOS EOF byte (\\x1a) after the last line break is an end-of-file marker, not a row; a
    \\x1a inside a row is kept (a junk row)."""
    if data.startswith(b"\xef\xbb\xbf"):  # a spreadsheet's "CSV UTF-8" re-save
        text = data[3:].decode("utf-8", errors="replace")
    else:
        text = data.decode("latin-1")
    if text.endswith("\x1a"):
        text = text[:-1]
    lines = text.split("\n") if "\n" in text else text.split("\r")
    if lines and lines[-1] in ("", "\r"):
        lines.pop()
    return lines


def split_cells(line: str) -> list[str]:
    """Cells of one (preamble/header) CSV line, stripped and upper-cased; quotes honoured."""
    if not line:
        return []
    row = pl.read_csv(
        io.BytesIO(line.encode("utf-8")), has_header=False, infer_schema=False, quote_char='"'
    ).row(0)
    return [(cell or "").strip().upper() for cell in row]


def is_blank(lines: pl.Series) -> pl.Series:
    """Separator lines: nothing but commas and white space."""
    return ~lines.str.contains(r"[^\s,]")


def empty_rejects() -> pl.DataFrame:
    return pl.DataFrame(schema=REJECT_SCHEMA)


def read_csv_rows(
    lines: Sequence[str], first: int, columns: Sequence[str], source_file: str
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Data lines ``lines[first:]`` read by position into string ``columns`` (stripped, '' -> null)
    plus ``line_number`` and ``raw_line``. Blank separator lines are skipped (not counted); lines
    with the wrong number of fields or broken quoting become rejects. Returns (frame, rejects, read)."""
    raw = text_rows(lines, first, keep_blank=True)
    total = raw.height
    raw = raw.filter(~is_blank(raw["raw_line"]))
    unquoted = raw["raw_line"].str.replace_all(_QUOTED, "q")
    n = len(columns)
    raw = raw.with_columns(
        fields=unquoted.str.count_matches(",", literal=True) + 1,
        bad_quote=unquoted.str.contains('"', literal=True),
    )
    is_bad = pl.col("bad_quote") | (pl.col("fields") != n)
    bad = raw.filter(is_bad)
    rejects = bad.select(
        pl.lit(source_file).alias("source_file"),
        "line_number",
        "raw_line",
        pl.when("bad_quote")
        .then(pl.lit("bad_quoting"))
        .otherwise(pl.lit("wrong_column_count"))
        .alias("reason_code"),
        pl.when("bad_quote")
        .then(pl.lit("unbalanced double quote in the line"))
        .otherwise(pl.format("expected {} comma-separated fields, found {}", pl.lit(n), "fields"))
        .alias("reason"),
    )
    good = raw.filter(~is_bad) if bad.height else raw
    if good.height == total:  # the common case: every line is a data line, no need to re-join
        body = "\n".join(lines[first:]).encode("utf-8")
    else:
        body = good["raw_line"].str.join("\n").item().encode("utf-8") if good.height else b""
    if good.height:
        cells = pl.read_csv(
            io.BytesIO(body), has_header=False, infer_schema=False, new_columns=list(columns), quote_char='"'
        )
    else:
        cells = pl.DataFrame(schema={c: pl.String for c in columns})
    if _needs_cleaning(good["raw_line"]):
        cells = cells.select(clean(c) for c in columns)
    frame = pl.concat([cells, good.select("line_number", "raw_line")], how="horizontal")
    return frame, rejects.cast(REJECT_SCHEMA), raw.height


def _needs_cleaning(lines: pl.Series) -> bool:
    """Whether any cell may carry blanks around it or be a quoted empty string. Polars already reads
    an empty unquoted cell as null, so clean files (the PPRRVU CSVs) skip the per-column strip."""
    unquoted = lines.str.replace_all(_QUOTED, "q")
    return bool(
        (
            unquoted.str.contains(" ,", literal=True)
            | unquoted.str.contains(", ", literal=True)
            | unquoted.str.starts_with(" ")
            | unquoted.str.ends_with(" ")
            | unquoted.str.contains("\t", literal=True)
            | lines.str.contains('""', literal=True)
        ).any()
    )


def clean(column: str) -> pl.Expr:
    """Strip blanks; an empty cell is null."""
    return clean_expr(pl.col(column)).alias(column)


def fixed_width(layout: dict[str, tuple[int, int]]) -> list[pl.Expr]:
    """Expressions slicing 1-based inclusive (start, end) positions out of column ``raw_line``."""
    return [
        clean_expr(pl.col("raw_line").str.slice(start - 1, end - start + 1)).alias(name)
        for name, (start, end) in layout.items()
    ]


def clean_expr(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_chars(" \t").replace("", None)


@dataclass(frozen=True)
class Rule:
    """A row-level rule: rows where ``bad`` is true are rejected with ``code`` and ``reason``.
    ``helpers`` are columns the reason needs that must be computed over the whole frame (windows)."""

    code: str
    bad: pl.Expr
    reason: pl.Expr
    helpers: tuple[pl.Expr, ...] = ()


def decimal_rules(
    column: str, precision: int, scale: int, *, required: bool, code: str = "bad_number"
) -> list[Rule]:
    """A non-negative decimal that fits (precision, scale) without rounding; trailing zeros allowed."""
    digits = precision - scale
    pattern = rf"^(?:\d{{1,{digits}}}(?:\.\d{{0,{scale}}}0*)?|\.\d{{1,{scale}}}0*)$"
    value = pl.col(column)
    rules = []
    if required:
        rules.append(Rule("missing_value", value.is_null(), pl.lit(f"{column} is blank")))
    rules.append(
        Rule(
            "negative_rvu" if code == "bad_number" and column.endswith("rvu") else code,
            value.str.starts_with("-"),
            pl.format(f"{column} is negative: '{{}}'", value),
        )
    )
    rules.append(
        Rule(
            code,
            value.is_not_null() & ~value.str.contains(pattern),
            pl.format(f"{column} is not a decimal({precision},{scale}): '{{}}'", value),
        )
    )
    return rules


def apply_rules(
    frame: pl.DataFrame, rules: Sequence[Rule], source_file: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split ``frame`` into rows passing every rule and rejects carrying the FIRST failing rule.
    Flags are computed on the whole frame; the reason chain only on the (few) failing rows."""
    if not rules:
        return frame, empty_rejects()
    flags = [f"_bad{i}" for i in range(len(rules))]
    helpers = [h for rule in rules for h in rule.helpers]
    flagged = frame.with_columns(*helpers) if helpers else frame
    flagged = flagged.with_columns(r.bad.fill_null(False).alias(f) for r, f in zip(rules, flags, strict=True))
    failed_any = pl.any_horizontal(flags)
    extra = [*flags, *(h.meta.output_name() for h in helpers)]
    good = flagged.filter(~failed_any).drop(extra)
    failed = flagged.filter(failed_any)
    if not failed.height:
        return good, empty_rejects()
    code = pl.when(flags[0]).then(pl.lit(rules[0].code))
    reason = pl.when(flags[0]).then(rules[0].reason)
    for rule, flag in zip(rules[1:], flags[1:], strict=True):
        code = code.when(flag).then(pl.lit(rule.code))
        reason = reason.when(flag).then(rule.reason)
    rejects = failed.select(
        pl.lit(source_file).alias("source_file"),
        "line_number",
        "raw_line",
        code.otherwise(pl.lit("rule_failed")).alias("reason_code"),
        reason.otherwise(None).fill_null("row failed a rule").alias("reason"),
    )
    return good, rejects.cast(REJECT_SCHEMA)


def duplicate_rule(frame: pl.DataFrame, keys: Sequence[str], label: str) -> Rule:
    """Reject the second and later rows of a key; the reason names the first line holding it."""
    first_line = pl.col("line_number").min().over(keys).alias("_first_line")
    return Rule(
        "duplicate_key",
        pl.col("line_number") != pl.col("_first_line"),
        pl.format(
            f"duplicate {label} {{}}; first seen on line {{}}",
            pl.concat_str(keys, separator="/"),
            "_first_line",
        ),
        helpers=(first_line,),
    )


def finish(frame: pl.DataFrame, schema: pl.Schema, release_id: str, source_file: str) -> pl.DataFrame:
    """Cast the accepted string cells to the table schema and add release_id/source_file/source_line."""
    extra = {
        "release_id": pl.lit(release_id, dtype=pl.String),
        "source_file": pl.lit(source_file, dtype=pl.String),
        "source_line": pl.col("line_number").cast(pl.Int32),
    }
    return frame.select(
        extra[name].alias(name) if name in extra else pl.col(name).cast(dtype).alias(name)
        for name, dtype in schema.items()
    )


def concat_rejects(parts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    frames = [p.cast(REJECT_SCHEMA) for p in parts if p.height]
    if not frames:
        return empty_rejects()
    return pl.concat(frames).sort("line_number")


def text_rows(lines: Sequence[str], first: int = 0, *, keep_blank: bool = False) -> pl.DataFrame:
    """Physical lines ``lines[first:]`` (trailing CR removed) with their 1-based line numbers;
    blank lines dropped unless ``keep_blank``."""
    raw = pl.DataFrame(
        {
            "line_number": pl.int_range(first + 1, len(lines) + 1, eager=True, dtype=pl.Int64),
            "raw_line": pl.Series(lines[first:], dtype=pl.String).str.strip_suffix("\r"),
        }
    )
    return raw if keep_blank else raw.filter(pl.col("raw_line").str.contains(r"\S"))


def pad_code(column: str, width: int) -> pl.Expr:
    """Zero-pad an all-digit code that lost its leading zeros (MAC 2102 -> 02102, locality 0 -> 00)."""
    value = pl.col(column)
    return pl.when(value.str.contains(r"^\d+$")).then(value.str.zfill(width)).otherwise(value).alias(column)


def code_rule(column: str, pattern: str, code: str, label: str) -> Rule:
    value = pl.col(column)
    return Rule(
        code,
        ~value.str.contains(pattern).fill_null(False),
        pl.format(f"{column} is not {label}: '{{}}'", value.fill_null("")),
    )
