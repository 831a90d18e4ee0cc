"""Parse an NCCI PTP edit file (ccipra/ccioph, tab-delimited, Latin-1) -> typed edits + rejected rows.

Layout (CMS, see docs/ncci_rules.md): an AMA copyright line, a title line (``Column1/Column2 Edits``),
the header ``Column 1 | Column 2 | *=in existence prior to 1996 | Effective Date | Deletion Date *=no data
| Modifier 0=not allowed 1=allowed 9=not applicable | PTP Edit Rationale`` whose cells the real files
wrap over four lines, then one edit a line: dates YYYYMMDD, a deletion date of ``*`` = still active.
Parsing is vectorised in Polars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from pipelines.parsing.ncci_files import NcciFileError

HEADER = (
    "Column 1",
    "Column 2",
    "*=in existence prior to 1996",
    "Effective Date",
    "Deletion Date *=no data",
    "Modifier 0=not allowed 1=allowed 9=not applicable",
    "PTP Edit Rationale",
)
FIELDS = ("column1", "column2", "prior_1996", "effective", "deletion", "modifier", "rationale")
CODE_RE = r"^[0-9A-Z]{5}$"
MODIFIERS = ("0", "1", "9")
HEADER_WITHIN = 5  # the header starts within the first lines (after the copyright and title lines)
HEADER_WRAP = 4  # CMS wraps the header cells over up to four lines

REJECT_SCHEMA = {
    "source_file": pl.String,
    "line_number": pl.Int32,
    "raw_line": pl.String,
    "reason_code": pl.String,
    "reason": pl.String,
}
EDIT_SCHEMA = {
    "setting": pl.String,
    "column1": pl.String,
    "column2": pl.String,
    "in_existence_prior_1996": pl.Boolean,
    "effective_date": pl.Date,
    "deletion_date": pl.Date,
    "modifier_indicator": pl.Int8,
    "rationale": pl.String,
    "source_file": pl.String,
    "source_line": pl.Int32,
}


@dataclass
class PtpParse:
    edits: pl.DataFrame
    rejects: pl.DataFrame
    rows_read: int
    blank_lines: int = 0
    duplicates: int = 0  # exact repeats of an accepted edit (same key and same values)
    sources: list[str] = field(default_factory=list)


def _norm(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip().casefold()


WANT = tuple(_norm(h) for h in HEADER)


def _header_cells(lines: list[str]) -> list[str]:
    """The header's cells read column-wise across its wrapped lines (``lines[0]`` is its first line).

    CMS wraps each header cell over up to four lines (``*=in existence`` / ``prior to 1996``); the
    lines under the first have blank column 1 and column 2 cells. Trailing blank cells are ignored.
    """
    columns: list[list[str]] = [[] for _ in HEADER]
    for line in lines:
        cells = line.split("\t")
        while len(cells) > len(HEADER) and not cells[-1].strip():
            cells.pop()
        if len(cells) > len(HEADER):
            return []
        for column, cell in zip(columns, cells, strict=False):
            column.append(cell)
    return [_norm(" ".join(column)) for column in columns]


def _header_at(lines: list[str], number: int) -> int | None:
    """Lines the header takes when it starts at ``lines[number]``, or None when no header starts there."""
    first = [_norm(c) for c in lines[number].split("\t")]
    if first[:2] != list(WANT[:2]):
        return None
    span = 1  # the continuation lines: blank column 1 and 2, something in a later cell
    while (
        number + span < len(lines)
        and span < HEADER_WRAP
        and not "".join(lines[number + span].split("\t")[:2]).strip()
        and lines[number + span].strip()
    ):
        span += 1
    # the shortest wrap that spells the header: a data line with blank codes is never eaten
    for used in range(1, span + 1):
        if tuple(_header_cells(lines[number : number + used])) == WANT:
            return used
    return None


def find_header(head: str, source: str) -> int:
    """Number of lines before the data (copyright line, optional title line, header); refuses anything else.

    The header is recognised by its seven cells, read column-wise over the lines it wraps onto: the
    real CMS files (``Column 1 | Column 2 | *=in existence | Effective | Deletion | Modifier | PTP Edit
    Rationale`` over four lines) and the one-line header of older exports give the same cells.
    """
    lines = [line.rstrip("\r") for line in head.split("\n")[: HEADER_WITHIN + HEADER_WRAP]]
    for number in range(min(HEADER_WITHIN, len(lines))):
        used = _header_at(lines, number)
        if used is None:
            continue
        before = " ".join(lines[:number]).casefold()
        if "american medical association" not in before and "copyright" not in before:
            raise NcciFileError(f"{source}: not an NCCI PTP file: no AMA copyright line before the header")
        return number + used
    first = lines[0][:120] if lines and lines[0] else "(empty file)"
    raise NcciFileError(
        f"{source}: not an NCCI PTP file: expected an AMA copyright line and then the header "
        f"{' | '.join(HEADER)!r} (tab-delimited, its cells possibly wrapped over several lines) in the "
        f"first {HEADER_WITHIN} lines; the file starts with {first!r}"
    )


def _date(column: pl.Expr) -> pl.Expr:
    return pl.when(column.str.len_bytes() == 8).then(column.str.strptime(pl.Date, "%Y%m%d", strict=False))


def _read_fast(body: bytes) -> pl.DataFrame | None:
    """The 7 fields by Polars' CSV reader, or None when a line is not exactly 7 tab-separated fields.

    Used when the body is plain ASCII and every line has its 7 fields. A line with more than 6 tabs
    makes the reader fail; with every line at most 6 tabs, a total of 6 tabs a line means every
    line has exactly 6, so no line is blank (no blank line can shift line numbers).
    """
    if not body.isascii() or body.startswith((b"\n", b"\r")):
        return None
    lines = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
    if body.count(b"\t") != 6 * lines:
        return None
    try:
        frame = pl.read_csv(
            body, has_header=False, separator="\t", quote_char=None, schema=dict.fromkeys(FIELDS, pl.String)
        )
    except pl.exceptions.ComputeError:
        return None
    return frame if frame.height == lines else None


def _padded(body: bytes, frame: pl.DataFrame) -> bool:
    """Whether ``body`` holds a space next to a tab or a line break (or starts with one).

    Same answer as searching the bytes for ' \\t', '\\t ', ' \\r', ' \\n', '\\n ', but read from the
    cells of ``frame`` (``body`` as read by ``_read_fast``): five scans of the whole body cost more
    than the parse. The reader drops the carriage return that ends a line and keeps every other
    byte, so the bytes the cells miss tell whether a carriage return sits inside a cell: then the
    bytes are searched.
    """
    ended = frame.height if body.endswith(b"\n") else frame.height - 1  # ' \n' needs the line break
    last = FIELDS[-1]
    cell_bytes, spaced = frame.select(
        pl.sum_horizontal(pl.col(FIELDS).str.len_bytes().sum()).alias("bytes"),
        pl.any_horizontal(
            pl.col(FIELDS).str.starts_with(" ").any(),  # '\t ', '\n ' and a leading space
            pl.col(FIELDS[:-1]).str.ends_with(" ").any(),  # ' \t'
            pl.col(last).head(ended).str.ends_with(" ").any(),  # ' \n', ' \r\n'
        ).alias("spaced"),
    ).row(0)
    newlines = ended  # one line per row (``_read_fast``), each but an unended last one with its '\n'
    line_end_crs = len(body) - (cell_bytes or 0) - 6 * frame.height - newlines
    if body.count(b"\r") != line_end_crs:
        return any(pad in body for pad in (b" \t", b"\t ", b" \r", b" \n", b"\n ")) or body[:1] == b" "
    return bool(spaced) or body.endswith(b" \r")


def _read_lines(text: str, skip: int) -> pl.DataFrame:
    """Any file: split the decoded text into lines ourselves; blank lines keep their numbers."""
    rest = text.split("\n", skip)[-1] if text.count("\n") >= skip else ""
    rest = rest.removesuffix("\n")  # the last line's terminator does not open another line
    lines = (
        pl.DataFrame({"raw_line": [rest]})
        .select(pl.col("raw_line").str.split("\n"))
        .explode("raw_line")
        .with_row_index("line_number", offset=skip + 1)
        .with_columns(pl.col("raw_line").str.strip_suffix("\r"))
    )
    parts = pl.col("raw_line").str.split_exact("\t", 6).struct.rename_fields(list(FIELDS))
    tabs = pl.col("raw_line").str.count_matches("\t", literal=True)
    # blank cells after the seventh (a line padded with tabs) are not fields
    trimmed = pl.col("raw_line").str.replace(r"[\t ]+$", "").str.count_matches("\t", literal=True)
    return lines.with_columns(
        pl.when((tabs > 6) & (trimmed <= 6)).then(6).otherwise(tabs).alias("tabs"), parts.struct.unnest()
    )


def _reasons(frame: pl.DataFrame) -> pl.DataFrame:
    """Reason code and text of each rejected row (the first failing rule)."""
    rules = [
        (pl.col("tabs") != 6, "field_count", pl.format("expected 7 tab-separated fields, found {}", pl.col("tabs") + 1)),
        (~pl.col("column1").str.contains(CODE_RE), "bad_code", pl.format("column 1 code '{}' is not 5 characters A-Z/0-9", pl.col("column1"))),
        (~pl.col("column2").str.contains(CODE_RE), "bad_code", pl.format("column 2 code '{}' is not 5 characters A-Z/0-9", pl.col("column2"))),
        (~pl.col("prior_1996").is_in(["", "*"]), "bad_prior_1996_flag", pl.format("prior-1996 flag '{}' is not '*' or blank", pl.col("prior_1996"))),
        (pl.col("effective_date").is_null(), "bad_effective_date", pl.format("effective date '{}' is not a YYYYMMDD date", pl.col("effective"))),
        ((pl.col("deletion") != "*") & pl.col("deletion_date").is_null(), "bad_deletion_date", pl.format("deletion date '{}' is neither '*' nor a YYYYMMDD date", pl.col("deletion"))),
        (pl.col("deletion_date") < pl.col("effective_date"), "deletion_before_effective", pl.format("deletion date {} is before effective date {}", pl.col("deletion"), pl.col("effective"))),
        (~pl.col("modifier").is_in(MODIFIERS), "bad_modifier_indicator", pl.format("modifier indicator '{}' is not 0, 1 or 9", pl.col("modifier"))),
    ]  # fmt: skip
    code, reason = pl.lit(None, pl.String), pl.lit(None, pl.String)
    for condition, name, text_expr in reversed(rules):
        hit = condition.fill_null(False)
        code = pl.when(hit).then(pl.lit(name)).otherwise(code)
        reason = pl.when(hit).then(text_expr).otherwise(reason)
    return frame.with_columns(code.alias("reason_code"), reason.alias("reason"))


def parse_ptp(data: bytes, source: str, setting: str) -> PtpParse:
    """One PTP file's bytes -> accepted edits (typed) and rejected rows (line number, reason)."""
    head = data[:20_000].decode("latin-1")
    skip = find_header(head, source)
    body = data.split(b"\n", skip)[-1] if data.count(b"\n", 0, 20_000) >= skip else b""
    fast = _read_fast(body)
    if fast is not None:
        frame = fast.with_row_index("line_number", offset=skip + 1).with_columns(pl.lit(6).alias("tabs"))
        blank_lines = 0
        padded = _padded(body, fast)  # stripping 2.5 M cells costs: only when a field has a space at an end
        if padded:  # keep the line as it was for the rejects
            frame = frame.with_columns(
                pl.concat_str([pl.col(f).fill_null("") for f in FIELDS], separator="\t").alias("raw_line")
            )
    else:
        frame = _read_lines(data.decode("latin-1"), skip)
        blank = pl.col("raw_line").str.strip_chars() == ""
        blank_lines = frame.select(blank.sum()).item()
        frame = frame.filter(~blank)
        padded = True
    cells = (pl.col(f).fill_null("") for f in FIELDS)
    frame = frame.with_columns(
        pl.col("line_number").cast(pl.Int32), *(c.str.strip_chars() if padded else c for c in cells)
    ).with_columns(
        _date(pl.col("effective")).alias("effective_date"),
        pl.when(pl.col("deletion") != "*").then(_date(pl.col("deletion"))).alias("deletion_date"),
    )
    valid = (
        (pl.col("tabs") == 6)
        & pl.col("column1").str.contains(CODE_RE)
        & pl.col("column2").str.contains(CODE_RE)
        & pl.col("prior_1996").is_in(["", "*"])
        & pl.col("effective_date").is_not_null()
        & ((pl.col("deletion") == "*") | pl.col("deletion_date").is_not_null())
        & (pl.col("deletion_date") >= pl.col("effective_date")).fill_null(True)
        & pl.col("modifier").is_in(MODIFIERS)
    )
    frame = frame.with_columns(valid.fill_null(False).alias("_valid"))
    rejected = frame.filter(~pl.col("_valid"))
    if "raw_line" not in rejected.columns:  # fast path: the line is exactly its 7 fields joined by tabs
        raw = pl.concat_str([pl.col(f).fill_null("") for f in FIELDS], separator="\t")
        rejected = rejected.with_columns(raw.alias("raw_line"))
    rejects = _reasons(rejected).select(
        pl.lit(source).alias("source_file"), "line_number", "raw_line", "reason_code", "reason"
    )
    edits = frame.filter(pl.col("_valid")).select(
        pl.lit(setting).alias("setting"),
        "column1",
        "column2",
        (pl.col("prior_1996") == "*").alias("in_existence_prior_1996"),
        "effective_date",
        "deletion_date",
        pl.col("modifier").cast(pl.Int8).alias("modifier_indicator"),
        pl.when(pl.col("rationale") != "").then(pl.col("rationale")).alias("rationale"),
        pl.lit(source).alias("source_file"),
        pl.col("line_number").alias("source_line"),
    )
    return PtpParse(edits, rejects.cast(REJECT_SCHEMA), frame.height, blank_lines, 0, [source])


def resolve_duplicates(
    frame: pl.DataFrame, key: list[str], payload: list[str], what: str
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Keep the first row of each key (file order); drop exact repeats, reject conflicting ones.

    Returns (kept rows, rejects for rows that repeat a key with different values, exact repeats).
    """
    if frame.is_empty():
        return frame, pl.DataFrame(schema=REJECT_SCHEMA), 0
    if frame.select(pl.struct(key).hash().n_unique()).item() == frame.height:
        return frame, pl.DataFrame(schema=REJECT_SCHEMA), 0  # no two keys even share a hash
    frame = frame.with_row_index("_order")
    first = pl.col("_order").min().over(key)
    repeated = frame.filter(pl.col("_order") != first)
    if repeated.is_empty():
        return frame.drop("_order"), pl.DataFrame(schema=REJECT_SCHEMA), 0
    kept = frame.filter(pl.col("_order") == first).drop("_order")
    firsts = kept.select(
        *key, *[pl.col(c).alias(f"_first_{c}") for c in payload], "source_file", "source_line"
    )
    joined = repeated.join(firsts, on=key, how="left", suffix="_first", nulls_equal=True)
    same = pl.all_horizontal(pl.col(c).eq_missing(pl.col(f"_first_{c}")) for c in payload)
    conflicts = joined.filter(~same).select(
        "source_file",
        pl.col("source_line").alias("line_number"),
        pl.lit(None, pl.String).alias("raw_line"),
        pl.lit("conflicting_duplicate").alias("reason_code"),
        pl.format(
            "same {} as line {} of {} but different values; the first is kept",
            pl.lit(what),
            pl.col("source_line_first"),
            pl.col("source_file_first"),
        ).alias("reason"),
    )
    return kept, conflicts.cast(REJECT_SCHEMA), repeated.height - conflicts.height
