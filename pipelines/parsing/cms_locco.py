"""yyLOCCO (locality -> counties crosswalk) of a CMS RVU release: one output row per (locality,
county) with Census FIPS; whole-state and rest-of-state localities get a null county.

One "row read" here is one county entry (or one whole-state entry) of a locality line, so
rows_read == frame.height + rejects.height still holds when a line names several counties."""

from __future__ import annotations

import re

import polars as pl

from pipelines.lib.states import US_STATES
from pipelines.parsing.cms_common import (
    REJECT_SCHEMA,
    NotACmsRelease,
    ParsedTable,
    SourceFile,
    decode_lines,
    fixed_width,
    read_csv_rows,
    text_rows,
)
from pipelines.parsing.cms_schema import LOCALITY_COUNTY
from pipelines.parsing.cms_tables import _find_header

LOCCO_HEADER = [r".*CONTRACTOR", r"LOCALITY NUMBER", r"STATE", r"FEE SCHEDULE AREA", r"COUNTIES"]
TXT_LAYOUT = {
    "mac": (1, 12),
    "locality": (13, 22),
    "state": (23, 45),
    "fee_schedule_area": (46, 143),
    "counties": (144, 300),
}
TXT_COUNTIES_WIDTH = 58  # the TXT cuts the Counties field after 58 characters (the CSV does not)
STATES = {name.upper(): code for code, name in US_STATES.items()}  # as 25LOCCO spells them
NAMES = {abbr: name for name, abbr in STATES.items()}
# CMS spellings that are not the Census name; explicit so every correction is reviewable.
ALIASES = {("FL", "DADE"): "MIAMI-DADE", ("CA", "ORAGNGE"): "ORANGE"}
_IN_STATE = re.compile(r"\s+IN\s+(" + "|".join(sorted(STATES, key=len, reverse=True)) + r")\s*$")
_SUFFIX = re.compile(r"\s+(COUNTY|PARISH|MUNICIPIO|BOROUGH|CENSUS AREA|CITY AND BOROUGH|MUNICIPALITY)$")


def county_key(name: str) -> str:
    """Comparable county name: upper case, no punctuation, no 'County'/'Parish' suffix, SAINT -> ST."""
    key = re.sub(r"[^A-Z0-9 ]", "", name.upper().replace("SAINT ", "ST "))
    key = re.sub(r"\s+", " ", key).strip()
    return _SUFFIX.sub("", key)


def _census_lookup(census: pl.DataFrame | None) -> tuple[dict, dict]:
    if census is None:
        return {}, {}
    rows = census.select("state", "state_fips", "fips", "county_name").rows()
    counties = {(st, county_key(name)): (fips, name) for st, _, fips, name in rows}
    state_fips = {st: sf for st, sf, _, _ in rows}
    return counties, state_fips


def _entries(counties: str, states: list[str]) -> tuple[str, list[tuple[str, str, bool]]]:
    """(coverage, [(state, county name, state_is_known), ...]) of one Counties cell. A segment after
    a ';' names its state ('... IN VIRGINIA'); without it the row's state is assumed (not known)."""
    text = re.sub(r"\s+", " ", counties.upper()).strip()
    if text in ("ALL COUNTIES", "ALL COUNTY EQUIVALENTS"):
        return "all", []
    if (
        text.startswith("ALL OTHER COUNTIES")
        or text.startswith("ALL COUNTIES, EXCEPT")
        or text.startswith("ALL COUNTIES EXCEPT")
    ):
        return "rest_of_state", []
    found = []
    for index, segment in enumerate(text.split(";")):
        state, known = states[0], index == 0
        if match := _IN_STATE.search(segment):
            state, segment, known = STATES[match.group(1)], segment[: match.start()], True
        segment = re.sub(r"\bAND\b", ",", segment.replace("/", ","))
        for name in segment.split(","):
            name = re.sub(r"\s+(CNTY|COUNTY|COUNTIES)$", "", name.strip())
            if name:
                found.append((state, name, known))
    return "listed", found


def _reject(name: str, line: int, raw: str, code: str, reason: str) -> dict:
    return {"source_file": name, "line_number": line, "raw_line": raw, "reason_code": code, "reason": reason}


def read_locality_county(
    data: bytes,
    name: str,
    release_id: str,
    fmt: str,
    census: pl.DataFrame | None,
    locality_states: dict[tuple[str, str], str] | None = None,
) -> ParsedTable:
    """``locality_states`` ((MAC, locality) -> state, from the release's GPCI) fills the state where
    a block of lines names none (the TXT leaves it blank for California)."""
    lines = decode_lines(data)
    columns = list(TXT_LAYOUT)
    if fmt == "csv":
        header, _ = _find_header(lines, LOCCO_HEADER, name, "LOCCO")
        cells, bad_lines, _ = read_csv_rows(lines, header + 1, columns, name)
    else:
        if not any("FEE SCHEDULE AREA" in line.upper() and "COUNTIES" in line.upper() for line in lines[:10]):
            raise NotACmsRelease(
                name, "a LOCCO fixed-width TXT with the 'Fee Schedule Area ... Counties' header"
            )
        header = next(i for i, line in enumerate(lines) if "FEE SCHEDULE AREA" in line.upper())
        raw = text_rows(lines, header + 1)
        cells = raw.select(*fixed_width(TXT_LAYOUT), "line_number", "raw_line")
        bad_lines = pl.DataFrame(schema=REJECT_SCHEMA)
    # Footnotes ('*  Payment locality is serviced by two carriers.') fill only the first cell(s).
    is_record = pl.col("mac").str.contains(r"^\d+$").fill_null(False)
    notes = cells.filter(~is_record & pl.col("counties").is_null())
    cells = cells.filter(~pl.col("line_number").is_in(notes["line_number"].implode()))
    # State is given once per block of lines (blocks are separated by blank lines): fill it down.
    block = (pl.col("line_number").diff().fill_null(1) != 1).cum_sum()
    cells = cells.with_columns(pl.col("state").forward_fill().over(block))
    lookup, state_fips = _census_lookup(census)
    out: list[dict] = []
    rejects: list[dict] = [] if not bad_lines.height else bad_lines.to_dicts()
    seen: dict[tuple, int] = {}
    for row in cells.iter_rows(named=True):  # ~110 lines: clarity over vectorisation
        line, raw_line = row["line_number"], row["raw_line"]
        mac, locality = (row["mac"] or "").zfill(5), (row["locality"] or "").zfill(2)
        if not re.fullmatch(r"\d{5}", mac) or not re.fullmatch(r"\d{2}", locality):
            rejects.append(
                _reject(
                    name,
                    line,
                    raw_line,
                    "bad_locality",
                    f"MAC/locality is not 5/2 digits: '{mac}/{locality}'",
                )
            )
            continue
        state_names = [s.strip() for s in (row["state"] or "").upper().split("/")]
        if row["state"] is None and (mac, locality) in (locality_states or {}):
            state_names = [NAMES[locality_states[(mac, locality)]]]
        if not all(s in STATES for s in state_names):
            rejects.append(
                _reject(name, line, raw_line, "bad_state", f"state is not a US state name: '{row['state']}'")
            )
            continue
        states = [STATES[s] for s in state_names]
        area = (row["fee_schedule_area"] or "").strip().rstrip("*").strip()
        counties = row["counties"] or ""
        coverage, entries = _entries(counties, states)
        if fmt == "txt" and coverage == "listed" and len(counties) >= TXT_COUNTIES_WIDTH - 3:
            # Cut at the field width: the last entry may be partial and a cut-off 'IN <STATE>' leaves
            # the last segment's state unknown. Reject those entries; the counties cut away are lost.
            unsure = {len(entries) - 1} | {i for i, entry in enumerate(entries) if not entry[2]}
            for i in sorted(unsure):
                rejects.append(
                    _reject(
                        name, line, raw_line, "truncated_field",
                        f"Counties cut at the TXT field width ({TXT_COUNTIES_WIDTH} chars): county '{entries[i][1]}' "
                        "may be partial or in another state, later counties are missing; the CSV has the full list",
                    )
                )  # fmt: skip
            entries = [entry for i, entry in enumerate(entries) if i not in unsure]
        base = {"mac": mac, "locality": locality, "fee_schedule_area": area, "coverage": coverage}
        base |= {"source_line": line, "raw_line": raw_line}
        targets = [(st, None) for st in states] if coverage != "listed" else [(st, n) for st, n, _ in entries]
        for state, county in targets:
            fips, census_name = None, county
            if county is not None and census is not None:
                wanted = ALIASES.get((state, county), county)
                fips, census_name = lookup.get((state, county_key(wanted)), (None, None))
                if fips is None:
                    rejects.append(
                        _reject(
                            name, line, raw_line, "unmatched_county",
                            f"county '{county}' ({state}) is not in the Census county list",
                        )
                    )  # fmt: skip
                    continue
            key = (mac, locality, state, coverage, fips or county)
            if key in seen:
                rejects.append(
                    _reject(
                        name,
                        line,
                        raw_line,
                        "duplicate_key",
                        f"duplicate of line {seen[key]}: {'/'.join(map(str, key[:4]))}",
                    )
                )
                continue
            seen[key] = line
            out.append(
                base
                | {
                    "state": state,
                    "state_fips": state_fips.get(state),
                    "county_name": census_name,
                    "county_fips": fips[2:] if fips else None,
                }
            )
    frame = pl.DataFrame(out, schema={**LOCALITY_COUNTY, "raw_line": pl.String}).with_columns(
        release_id=pl.lit(release_id), source_file=pl.lit(name)
    )
    frame = frame.select(LOCALITY_COUNTY.names()).cast(LOCALITY_COUNTY)
    reject_frame = pl.DataFrame(rejects, schema=REJECT_SCHEMA).sort("line_number")
    read = frame.height + reject_frame.height
    return ParsedTable("locality_county", frame, reject_frame, read, SourceFile.of(name, data), fmt)
