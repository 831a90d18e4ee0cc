"""Reference files: Census counties, the X12 CARC/RARC list, USPS states, CMS ZIP -> locality."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from pipelines.lib.safe_input import ENV, TEXT, InputLimits, InputRefused, Sniff, read_file


class BadReferenceFile(ValueError):
    """A reference file that does not have the layout it should; the message names file and problem."""


def _read(path: Path, sniff: Sniff = TEXT, limits: InputLimits | None = None) -> bytes:
    """The file's bytes: sniffed by its first 64 KiB, then read under ``limits.reference_file_bytes``."""
    limits = limits or InputLimits()
    try:
        return read_file(path, limits.reference_file_bytes, ENV["reference_file_bytes"], sniff, limits)
    except InputRefused as err:
        raise BadReferenceFile(f"{path}: not a valid reference file; {err}") from err


def _require(condition: bool, path: Path, expected: str) -> None:
    if not condition:
        raise BadReferenceFile(f"{path}: not a valid reference file; expected {expected}")


def read_census_counties(path: Path, limits: InputLimits | None = None) -> pl.DataFrame:
    """Census national_county.txt (no header: state, state FIPS, county FIPS, county name, class)."""
    data = _read(
        path, Sniff("the Census county list ('AL,01,001,Autauga County,H1' lines)", (b"COUNTY",)), limits
    )
    text = data.decode("latin-1")
    rows = [line.split(",") for line in text.splitlines() if line.strip()]
    _require(bool(rows) and all(len(r) == 5 for r in rows), path, "5 comma-separated fields per line")
    frame = pl.DataFrame(
        rows, schema=["state", "state_fips", "county_fips", "county_name", "class_code"], orient="row"
    ).with_columns(pl.concat_str("state_fips", "county_fips").alias("fips"))
    _require(
        frame["fips"].str.contains(r"^\d{5}$").all() and frame["state"].str.contains(r"^[A-Z]{2}$").all(),
        path,
        "2-letter state, 2-digit state FIPS and 3-digit county FIPS",
    )
    return frame.select("state", "state_fips", "county_fips", "fips", "county_name", "class_code")


def read_x12_codes(path: Path, limits: InputLimits | None = None) -> pl.DataFrame:
    """X12 CARC/RARC list (code, code_type, description, ...). Codes are kept as text ('1', 'N20')."""
    data = _read(path, Sniff("the X12 CARC/RARC CSV (a header naming code_type)", (b"CODE_TYPE",)), limits)
    frame = pl.read_csv(io.BytesIO(data), infer_schema=False, encoding="utf8-lossy")
    _require(
        {"code", "code_type", "description"} <= set(frame.columns),
        path,
        "columns code, code_type, description",
    )
    frame = frame.select(
        pl.col("code").str.strip_chars().str.to_uppercase(),
        pl.col("code_type").str.strip_chars().str.to_uppercase(),
        pl.col("description").str.strip_chars(),
    )
    _require(frame["code_type"].is_in(["CARC", "RARC"]).all(), path, "code_type CARC or RARC on every row")
    _require(
        not frame.select(pl.struct("code", "code_type").is_duplicated().any()).item(), path, "unique codes"
    )
    return frame


def read_usps_states(path: Path, limits: InputLimits | None = None) -> pl.DataFrame:
    """USPS state and territory codes accepted in denial reports (50 states, DC, PR, VI, GU, AS, MP)."""
    data = _read(path, Sniff("the USPS state list (header state,name,fips)", (b"STATE",)), limits)
    frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    _require(frame.columns == ["state", "name", "fips"], path, "header state,name,fips")
    _require(frame["state"].str.contains(r"^[A-Z]{2}$").all(), path, "2-letter USPS codes")
    return frame


# CMS ZIP5 layout (ZIP5lyout.txt): 1-based inclusive positions.
_ZIP5_FIELDS = {
    "state": (1, 2),
    "zip5": (3, 7),
    "mac": (8, 12),
    "locality": (13, 14),
    "rural_indicator": (15, 15),
    "lab_cb_locality": (16, 17),
    "rural_indicator_2006": (18, 18),
    "plus_four_flag": (21, 21),
    "part_b_payment_indicator": (23, 23),
    "year_quarter": (76, 80),
}


# state, ZIP5, carrier, locality: what the first record of the ZIP5 file starts with
ZIP5_SNIFF = Sniff(
    "the CMS ZIP5 file (fixed-width records like 'AK995010210201 ...')", first_line=rb"[A-Z ]{2}\d{12}"
)


def read_zip_locality(path: Path, limits: InputLimits | None = None) -> pl.DataFrame:
    """CMS ZIP5 -> carrier (MAC) + pricing locality file (fixed width, no header)."""
    lines = pl.Series("line", _read(path, ZIP5_SNIFF, limits).decode("latin-1").splitlines())
    lines = lines.filter(lines.str.strip_chars() != "")
    _require(
        lines.len() > 0 and (lines.str.len_chars() >= 80).all(),
        path,
        "fixed-width ZIP5 records of 80 characters",
    )
    frame = pl.DataFrame(lines).select(
        [
            pl.col("line").str.slice(start - 1, end - start + 1).str.strip_chars().alias(name)
            for name, (start, end) in _ZIP5_FIELDS.items()
        ]
    )
    frame = frame.with_columns(pl.Series("source_line", range(1, frame.height + 1), dtype=pl.Int32))
    _require(
        frame["zip5"].str.contains(r"^\d{5}$").all() and frame["mac"].str.contains(r"^\d{5}$").all(),
        path,
        "5-digit ZIP in columns 3-7 and 5-digit carrier in 8-12",
    )
    _require(not frame["zip5"].is_duplicated().any(), path, "one record per ZIP code")
    return frame
