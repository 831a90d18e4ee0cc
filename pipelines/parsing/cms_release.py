"""A CMS RVU release as published (the zip or its extracted folder) -> ParsedRelease: finds each
table's file by name, prefers the CSV over the fixed-width TXT, and checks the release identity."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from pipelines.lib.safe_input import (
    ENV,
    InputLimits,
    InputRefused,
    Sniff,
    read_file,
    read_member,
    zip_members,
)
from pipelines.parsing.cms_common import NotACmsRelease, ParsedTable, SourceFile, UnknownLayout
from pipelines.parsing.cms_locco import read_locality_county
from pipelines.parsing.cms_pprrvu import pprrvu_year, read_pprrvu_csv, read_pprrvu_txt
from pipelines.parsing.cms_tables import read_anesthesia_cf, read_gpci, read_opps_cap

TABLES = ["rvu", "gpci", "locality_county", "anesthesia_cf", "opps_cap"]
_PATTERNS = {
    "rvu": r"^PPRRVU.*\.(CSV|TXT)$",
    "gpci": r"^GPCI.*\.(CSV|TXT|PRN)$",
    "locality_county": r"^.*LOCCO.*\.(CSV|TXT|PRN)$",
    "anesthesia_cf": r"^ANES.*\.(CSV|TXT|PRN)$",
    "opps_cap": r"^OPPSCAP.*\.(CSV|TXT|PRN)$",
}
_ID = re.compile(r"^RVU(\d{2})([A-D])(R?)(?:[_-](QPP|NONQPP))?(?:\.ZIP)?$", re.I)
_VARIANT = re.compile(r"[_-](NON)?QPP\b|[_-](NON)?QPP\.", re.I)
QUARTER_START = {"A": 1, "B": 4, "C": 7, "D": 10}
# The fixed-width PPRRVU layout known here (PPRRVU_TXT_LAYOUT, from RVU25D.pdf) is CY2025's; CY2026 added
# a column (PRIC IND) and its TXT positions have not been seen: such a release loads from its CSV only.
TXT_LAYOUT_LAST_YEAR = 2025


@dataclass
class ParsedRelease:
    release_id: str
    year: int
    quarter_letter: str
    is_correction: bool
    released_on: date | None
    effective_from: date
    title: str
    source: str
    files: list[SourceFile]
    tables: dict[str, ParsedTable] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def release_id_from_name(name: str) -> str | None:
    """'rvu25d.zip' -> 'RVU25D', 'RVU25AR' -> 'RVU25AR', 'RVU26A_nonQPP' -> 'RVU26A_NONQPP'; else None."""
    match = _ID.match(Path(str(name)).name.strip())
    if not match:
        return None
    yy, quarter, correction, variant = match.groups()
    suffix = f"_{variant.upper()}" if variant else ""
    return f"RVU{yy}{quarter.upper()}{correction.upper()}{suffix}"


def _variant(file_name: str) -> str | None:
    match = _VARIANT.search(file_name)
    if not match:
        return None
    return "NONQPP" if (match.group(1) or match.group(2)) else "QPP"


# What the first 64 KiB of each table's file must show (pipelines/lib/safe_input.py): the words are
# in every CMS layout of that file (its title or header), so a file that is not what its name says is
# refused before it is read whole.
_SNIFFS = {
    ("rvu", "csv"): Sniff(
        "a PPRRVU CSV: a preamble and the header row starting 'HCPCS,MOD,DESCRIPTION'", (b"HCPCS",)
    ),
    ("rvu", "txt"): Sniff("a PPRRVU fixed-width TXT file (HDR lines or a HCPCS code first)", first_line=rb"(HDR |[0-9A-Z]{5})"),
    ("gpci", "csv"): Sniff("a GPCI file (a title or header naming GPCI)", (b"GPCI",)),
    ("gpci", "txt"): Sniff("a GPCI file (a title or header naming GPCI)", (b"GPCI",)),
    ("locality_county", "csv"): Sniff("a LOCCO file (a title or header naming localities)", (b"LOCALIT",)),
    ("locality_county", "txt"): Sniff("a LOCCO file (a title or header naming localities)", (b"LOCALIT",)),
    ("anesthesia_cf", "csv"): Sniff("an ANES CSV (a header naming the locality)", (b"LOCALITY",)),
    ("anesthesia_cf", "txt"): Sniff("an ANES fixed-width TXT file (MAC, locality, name)", first_line=rb"\d{5} +\d{2} +\S"),
    ("opps_cap", "csv"): Sniff("an OPPSCAP CSV (a header starting 'HCPCS')", (b"HCPCS",)),
    ("opps_cap", "txt"): Sniff("an OPPSCAP fixed-width TXT file (a HCPCS code first)", first_line=rb"[0-9A-Z]{5}"),
}


def _sniff_for(name: str) -> Sniff | None:
    """The sniff of a table's file by its name; None for other files of the release (the PDF)."""
    for table, pattern in _PATTERNS.items():
        if re.match(pattern, name, re.I):
            return _SNIFFS[table, "csv" if name.lower().endswith(".csv") else "txt"]
    return None


def _refused(error: InputRefused) -> NotACmsRelease:
    limit = f" (limit {error.limit}={error.value})" if error.limit else ""
    return NotACmsRelease(error.file, error.expected, f"{error.found}{limit}")


def _corrupt(source: Path, exc: BaseException) -> NotACmsRelease:
    return NotACmsRelease(
        str(source),
        "a readable CMS RVU release zip (e.g. rvu25d.zip)",
        f"a truncated or corrupt archive ({exc})",
    )


class _Source(Mapping[str, bytes]):
    """Every file of the release by base name (zip members or files under the folder), READ ON
    DEMAND: a file is read only when a parser asks for it, after its first bytes were sniffed, and
    under the RVU member cap and zip ratio (pipelines/lib/safe_input.py); each is read once."""

    def __init__(self, source: Path, limits: InputLimits | None = None):
        self.source, self.limits = source, limits or InputLimits()
        self.read: dict[str, bytes] = {}
        if source.is_dir():
            paths = [p for p in sorted(source.rglob("*")) if p.is_file() and not p.name.startswith(".")]
            self.paths = {p.name: p for p in paths}
            if len(self.paths) != len(paths):
                raise NotACmsRelease(
                    str(source), "one file per name in the release folder", "duplicate file names"
                )
            return
        if not source.exists():
            raise NotACmsRelease(str(source), "a CMS RVU release zip or folder", "nothing at that path")
        with self._open() as archive:
            try:
                members = zip_members(archive, source.name, self.limits)
            except InputRefused as exc:
                raise _refused(exc) from exc
        self.members = {Path(m.filename).name: m for m in members}

    def _open(self) -> zipfile.ZipFile:
        try:
            return zipfile.ZipFile(self.source)
        except (zipfile.BadZipFile, OSError) as exc:
            raise _corrupt(self.source, exc) from exc

    def __iter__(self):
        return iter(self.paths if self.source.is_dir() else self.members)

    def __len__(self) -> int:
        return len(self.paths if self.source.is_dir() else self.members)

    def __getitem__(self, name: str) -> bytes:
        if name not in self.read:
            self.read[name] = self._read(name)
        return self.read[name]

    def _read(self, name: str) -> bytes:
        cap, setting = self.limits.rvu_member_bytes, ENV["rvu_member_bytes"]
        try:
            if self.source.is_dir():
                return read_file(self.paths[name], cap, setting, _sniff_for(name), self.limits)
            member = self.members[name]
            label = f"{self.source.name}!{member.filename}"
            with self._open() as archive:
                return read_member(archive, member, label, cap, setting, _sniff_for(name), self.limits)
        except InputRefused as exc:
            raise _refused(exc) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise _corrupt(self.source, exc) from exc


def _read_source(source: Path, limits: InputLimits | None = None) -> Mapping[str, bytes]:
    """Every file of the release by base name (zip members or files under the folder), read lazily."""
    return _Source(source, limits)


def _pick(names: list[str], table: str, source: str, variant: str | None) -> tuple[str, str] | None:
    """The file for ``table``: (name, 'csv'|'txt'); CSV preferred; None when the release lacks it."""
    found = [n for n in names if re.match(_PATTERNS[table], n, re.I)]
    if table == "rvu":
        found = [n for n in found if _variant(n) == variant]
    for fmt, exts in (("csv", (".csv",)), ("txt", (".txt", ".prn"))):
        hits = [n for n in found if n.lower().endswith(exts)]
        if len(hits) > 1:
            raise NotACmsRelease(source, f"one {table} {fmt.upper()} file", f"several: {', '.join(hits)}")
        if hits:
            return hits[0], fmt
    return None


def release_variants(source: Path) -> list[str]:
    """Release ids held by a zip/folder: ['RVU25D'], or for 2026+ ['RVU26A_NONQPP', 'RVU26A_QPP']."""
    source = Path(source)
    base = release_id_from_name(source.name)
    if base is None:
        return []
    if source.is_dir():
        names = [p.name for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")]
    else:
        names = _zip_names(source)
    variants = sorted({v for n in names if re.match(_PATTERNS["rvu"], n, re.I) and (v := _variant(n))})
    if "_" in base or not variants:
        return [base]
    return [f"{base}_{v}" for v in variants]


def _zip_names(source: Path) -> list[str]:
    try:
        with zipfile.ZipFile(source) as archive:
            return [Path(m.filename).name for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotACmsRelease(
            str(source), "a readable CMS RVU release zip", "a truncated or corrupt archive"
        ) from exc


def read_release(
    source: Path,
    release_id: str | None = None,
    census: pl.DataFrame | None = None,
    limits: InputLimits | None = None,
) -> ParsedRelease:
    """Parse every table of one release. ``census`` (read_census_counties) maps LOCCO counties to FIPS.

    Raises NotACmsRelease, naming the file and what was expected, when the input is not a release."""
    source = Path(source)
    given = release_id
    release_id = release_id_from_name(release_id) if release_id else release_id_from_name(source.name)
    if given and release_id is None:
        raise NotACmsRelease(str(source), "a release id like RVU25D, RVU25AR or RVU26A_QPP", repr(given))
    data = _read_source(source, limits)
    names = sorted(data)
    variant = release_id.split("_")[1] if release_id and "_" in release_id else None
    rvu_file = _pick(names, "rvu", str(source), variant)
    if rvu_file is None:
        tagged = sorted({v for n in names if re.match(_PATTERNS["rvu"], n, re.I) and (v := _variant(n))})
        if tagged and variant is None:
            ids = " and ".join(f"{release_id or 'RVUyyQ'}_{v}" for v in tagged)
            raise NotACmsRelease(
                str(source), f"one PPRRVU file per release id; this release has variants: load {ids}"
            )
        raise NotACmsRelease(
            str(source), f"a PPRRVU*.csv or PPRRVU*.txt file{f' ({variant})' if variant else ''}"
        )
    name, fmt = rvu_file
    year = pprrvu_year(release_id, name)
    if fmt == "txt" and year is not None and year > TXT_LAYOUT_LAST_YEAR:
        raise UnknownLayout(
            name,
            f"the CY{year} release has no PPRRVU CSV, only this fixed-width TXT, whose CY{year} layout "
            f"(CY2026 added the PRIC IND column) this pipeline has not seen; it is refused rather than "
            f"read at guessed positions: land the release with its PPRRVU*.csv",
        )
    reader = read_pprrvu_csv if fmt == "csv" else read_pprrvu_txt
    rvu, meta = reader(data[name], name, release_id or "")
    if release_id is None:
        if meta.year is None or meta.quarter_letter is None:
            raise NotACmsRelease(
                name, "a release id in the source name (rvu25d.zip) or a title naming year and month"
            )
        release_id = f"RVU{meta.year % 100:02d}{meta.quarter_letter}"
        rvu.frame = rvu.frame.with_columns(pl.lit(release_id).alias("release_id"))
    yy, quarter, correction = int(release_id[3:5]), release_id[5], release_id[6:7] == "R"
    year = meta.year or 2000 + yy
    if year % 100 != yy or (meta.quarter_letter and meta.quarter_letter != quarter):
        raise NotACmsRelease(
            name,
            f"the PPRRVU file of release {release_id}",
            f"a file for {meta.year} quarter {meta.quarter_letter}",
        )
    tables = {"rvu": rvu}
    picked = {t: _pick(names, t, str(source), None) for t in TABLES[1:]}
    if picked["gpci"]:
        n, f = picked["gpci"]
        tables["gpci"] = read_gpci(data[n], n, release_id, f)
    if picked["anesthesia_cf"]:
        n, f = picked["anesthesia_cf"]
        tables["anesthesia_cf"] = read_anesthesia_cf(data[n], n, release_id, f)
    if picked["opps_cap"]:
        n, f = picked["opps_cap"]
        tables["opps_cap"] = read_opps_cap(data[n], n, release_id, f)
    if picked["locality_county"]:
        n, f = picked["locality_county"]
        states = None
        if "gpci" in tables:
            states = {
                (m, loc): st for m, loc, st in tables["gpci"].frame.select("mac", "locality", "state").rows()
            }
        tables["locality_county"] = read_locality_county(data[n], n, release_id, f, census, states)
    return ParsedRelease(
        release_id=release_id,
        year=year,
        quarter_letter=quarter,
        is_correction=correction,
        released_on=meta.released_on,
        effective_from=date(year, QUARTER_START[quarter], 1),
        title=meta.title,
        source=str(source),
        files=[SourceFile.of(n, data[n]) for n in names],
        tables={t: tables[t] for t in TABLES if t in tables},
        missing=[t for t in TABLES if t not in tables],
    )
