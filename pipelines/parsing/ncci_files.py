"""Recognise NCCI files by name: kind (PTP or MUE), setting, version and quarter key (``2025Q4``).

PTP names carry the version (``ccipra-v313r0-f1``: NCCI version 31.3 = 2025Q4, revision 0, part 1)
and CMS zips also the quarter (``medicare-ncci-2025q4-…``); MUE names carry the effective date
(``MCR_MUE_PractitionerServices_Eff_10-01-2025.csv``). The mapping is documented in docs/ncci_rules.md.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.safe_input import (
    ENV,
    InputLimits,
    InputRefused,
    Sniff,
    read_file,
    read_member,
    zip_members,
)

PTP_SETTINGS = {"ccipra": "practitioner", "ccioph": "outpatient"}
MUE_SERVICE_WORDS = (  # checked in order against the name with separators removed
    ("practitioner", "practitioner"),
    ("outpatienthospital", "outpatient_hospital"),
    ("outpatient", "outpatient_hospital"),
    ("dme", "dme"),
)
DATA_SUFFIXES = {".zip", ".txt", ".csv"}

_PTP = re.compile(
    r"(?P<kind>ccipra|ccioph)-v(?P<major>\d{2})(?P<minor>[0-3])r(?P<rev>\d+)-f(?P<part>\d+)", re.I
)
_YEAR_Q = re.compile(r"(?<![0-9])(?P<year>20\d{2})q(?P<q>[1-4])(?![0-9])", re.I)
_MUE = re.compile(r"mue", re.I)
_MUE_DATE = re.compile(r"(?P<month>\d{2})-(?P<day>\d{2})-(?P<year>\d{4})")


class NcciFileError(ValueError):
    """A file that claims to be an NCCI file (by name) but is not, or whose name contradicts itself."""


@dataclass(frozen=True)
class NcciFile:
    path: Path
    kind: str  # "ptp" | "mue"
    quarter: str  # "2025Q4"
    setting: str  # ptp: practitioner|outpatient; mue: practitioner|outpatient_hospital|dme
    version: str | None = None  # PTP "v313r0"; MUE the effective date "2025-10-01"
    part: int | None = None  # PTP f1..f4


def version_quarter(major: int, minor: int) -> str:
    """NCCI version major.minor -> quarter: version 30.0 took effect 2024-01-01, one minor per quarter."""
    return f"{1994 + major}Q{minor + 1}"


def classify(path: Path) -> NcciFile | None:
    """What the file name says it is; None for names that are not NCCI data files (ignored)."""
    name = path.name
    if name.startswith(".") or path.suffix.lower() not in DATA_SUFFIXES:
        return None
    ptp = _PTP.search(name)
    if ptp:
        quarter = version_quarter(int(ptp["major"]), int(ptp["minor"]))
        named = _YEAR_Q.search(name)
        if named and f"{named['year']}Q{named['q']}" != quarter:
            raise NcciFileError(
                f"{path}: the name says {named['year']}Q{named['q']} but NCCI version "
                f"v{ptp['major']}{ptp['minor']} is {quarter}; rename the file or fix its version"
            )
        version = f"v{ptp['major']}{ptp['minor']}r{ptp['rev']}"
        return NcciFile(path, "ptp", quarter, PTP_SETTINGS[ptp["kind"].lower()], version, int(ptp["part"]))
    if _MUE.search(name):
        squashed = re.sub(r"[^a-z]", "", name.lower())
        service = next((value for word, value in MUE_SERVICE_WORDS if word in squashed), None)
        date = _MUE_DATE.search(name)
        if service is None or date is None:
            raise NcciFileError(
                f"{path}: looks like an MUE table but the name lacks the service type or effective date; "
                "expected e.g. MCR_MUE_PractitionerServices_Eff_10-01-2025.csv"
            )
        month, year = int(date["month"]), int(date["year"])
        if not 1 <= month <= 12:
            raise NcciFileError(f"{path}: effective date {date.group(0)} is not MM-DD-YYYY")
        quarter = f"{year}Q{(month - 1) // 3 + 1}"
        return NcciFile(path, "mue", quarter, service, f"{year}-{month:02d}-{int(date['day']):02d}")
    return None


def scan(ncci_dir: Path) -> tuple[list[NcciFile], list[Path]]:
    """(recognised NCCI files, other data-looking files) under ``ncci_dir``, in name order.

    Files may sit directly in the folder or in sub-folders (``2025Q4/…``); hidden entries are skipped.
    """
    if not ncci_dir.is_dir():
        return [], []
    found, unknown = [], []
    for path in sorted(p for p in ncci_dir.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in path.relative_to(ncci_dir).parts):
            continue
        recognised = classify(path)
        if recognised is not None:
            found.append(recognised)
        elif path.suffix.lower() in DATA_SUFFIXES:
            unknown.append(path)
    return found, unknown


# What the first 64 KiB of an NCCI file must show (pipelines/lib/safe_input.py): the PTP header names
# "Column 1"/"Column 2", the MUE header "... MUE Values"; anything else is refused before it is read.
SNIFFS = {
    "ptp": Sniff(
        "an NCCI PTP edit table (tab-delimited text, a header naming Column 1 and Column 2)", (b"COLUMN",)
    ),
    "mue": Sniff("an NCCI MUE table (CSV text, a header naming the MUE values)", (b"MUE",)),
}
CAPS = {"ptp": "ptp_member_bytes", "mue": "mue_member_bytes"}


def members(file: NcciFile, limits: InputLimits | None = None) -> Iterator[tuple[str, bytes]]:
    """(source name, bytes) of each data file: the file itself, or each .txt/.csv member of a zip.

    Each is sniffed by its first bytes, then read under the kind's cap (and, in a zip, the ratio)."""
    limits = limits or InputLimits()
    cap, setting, sniff = getattr(limits, CAPS[file.kind]), ENV[CAPS[file.kind]], SNIFFS[file.kind]
    if file.path.suffix.lower() != ".zip":
        try:
            yield file.path.name, read_file(file.path, cap, setting, sniff, limits)
        except InputRefused as error:
            raise NcciFileError(str(error)) from error
        return
    wanted = ".txt" if file.kind == "ptp" else ".csv"
    try:
        archive = zipfile.ZipFile(file.path)
    except zipfile.BadZipFile as error:
        raise NcciFileError(f"{file.path}: not a readable zip ({error})") from error
    with archive:
        try:
            infos = zip_members(archive, file.path.name, limits)
        except InputRefused as error:
            raise NcciFileError(str(error)) from error
        found = [i for i in infos if i.filename.lower().endswith(wanted)]
        if not found:
            raise NcciFileError(
                f"{file.path}: the zip holds no {wanted} file (found {archive.namelist()[:5]}); "
                f"expected the NCCI {file.kind.upper()} table"
            )
        for info in found:
            name = info.filename
            inner = _PTP.search(name) if file.kind == "ptp" else None
            if inner and version_quarter(int(inner["major"]), int(inner["minor"])) != file.quarter:
                raise NcciFileError(
                    f"{file.path}: member {name} belongs to another quarter than {file.quarter}"
                )
            label = f"{file.path.name}!{name}"
            try:
                yield label, read_member(archive, info, label, cap, setting, sniff, limits)
            except InputRefused as error:
                raise NcciFileError(str(error)) from error
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise NcciFileError(f"{label}: a truncated or corrupt zip member ({error})") from error
