"""The PHI gate on the NAME of a landed report file (docs/intake.md, "File names").

A file name is stored (intake_files, intake_outcomes, quarantine), becomes the Dagster partition key
(UI, run records, metadata), appears in logs and in the error report's path. So before a file becomes
a partition or is read, its name is screened with ``pipelines.phi.screen``; a file whose name has a
finding is never taken in under that name: it is moved to ``raw/reports/rejected_names/`` and
reported WITHOUT the name (only the finding kinds).

The stem (the name without its report extension) is screened in a few spellings, because a name is
not prose: ``_``/``-``/``.`` as spaces ("john smith dob 1956 03 02"), digit groups joined by ``-``
("1956-03-02", "1EG4-TE5-MK73"), and title case for person names ("John Smith"), where only a
NAME made of a Census first name next to a Census surname counts (the screen's "a capitalised note
starts with a name" rule would otherwise read "Sample Synthetic" as a person). UUIDs (upload ids) are
blanked first: random hex is not an identifier of a patient.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from pathlib import Path

from pipelines.phi import screen
from pipelines.phi.lexicon import lexicon

REJECTED_NAMES = "rejected_names"
EXTENSIONS = (".jsonl", ".ndjson", ".json", ".csv", ".txt")
log = logging.getLogger(__name__)

_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)
# lower-case hex of 6+ characters with a letter and a digit: an upload id or a hash, not a member number
_HEX = re.compile(r"(?<![0-9a-z])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{6,}(?![0-9a-z])")
_SEPARATORS = re.compile(r"[\s_.\-]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")


def stem(name: str) -> str:
    """The file name without its report extension (and without a folder)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    for ext in EXTENSIONS:
        if base.lower().endswith(ext):
            return base[: -len(ext)]
    return base


def _digit_dash(m: re.Match[str]) -> str:
    """One separator between two digits stays a date/number separator ("1956_03_02" -> "1956-03-02")."""
    s, i, j = m.string, m.start(), m.end()
    return "-" if j - i == 1 and 0 < i and s[i - 1].isdigit() and j < len(s) and s[j].isdigit() else " "


def _full_dates(text: str) -> bool:
    """A day-exact date: y-m-d, m-d-y or d-m-y in digit groups, or 8 digits yyyymmdd / mmddyyyy."""
    for a, b, c in _GROUPS.findall(text):
        for y, m, d in ((a, b, c), (c, a, b), (c, b, a)):
            if len(y) == 4 and _valid(int(y), int(m), int(d)):
                return True
    for digits in _EIGHT.findall(text):
        if _valid(int(digits[:4]), int(digits[4:6]), int(digits[6:])) or _valid(
            int(digits[4:]), int(digits[:2]), int(digits[2:4])
        ):
            return True
    return False


def _valid(year: int, month: int, day: int) -> bool:
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


_GROUPS = re.compile(r"(?<!\d)(\d{1,4})-(\d{1,2})-(\d{1,4})(?![\d])")
_EIGHT = re.compile(r"(?<!\d)(\d{8})(?!\d)")


def _person(words: list[str]) -> bool:
    """Two adjacent words that are a Census first name and a Census surname (either order)."""
    lex = lexicon()
    low = [w.lower() for w in words if len(w) > 1]
    return any(
        (lex.is_first(a) and lex.is_last(b)) or (lex.is_last(a) and lex.is_first(b))
        for a, b in zip(low, low[1:], strict=False)
    )


def name_phi_kinds(name: str) -> tuple[str, ...]:
    """The kinds of identifier (NAME, DATE, SSN ...) that the screen finds in a file name; () if none."""
    base = _HEX.sub(" ", _UUID.sub(" ", stem(name)))
    spaced = _SEPARATORS.sub(" ", base).strip()
    dated = _SEPARATORS.sub(_digit_dash, base).strip()
    kinds: set[str] = set()
    for text in dict.fromkeys((base, spaced, dated)):
        kinds.update(f.kind for f in screen(text))
    if _full_dates(dated):
        kinds.add("DATE")
    titled = _CAMEL.sub(" ", dated).title()
    for finding in screen(titled):
        if finding.kind != "NAME":
            continue
        if _person(_WORD.findall(titled[finding.start : finding.end])):
            kinds.add("NAME")
    if _person(_WORD.findall(_CAMEL.sub(" ", spaced))):  # "john smith 1956": no rule fires on lower case
        kinds.add("NAME")
    return tuple(sorted(kinds))


def refusal_message(kinds: tuple[str, ...], count: int = 1, moved: bool = True) -> str:
    """One line about refused file names, never the names themselves."""
    files = "a report file" if count == 1 else f"{count} report files"
    verb = "has a name that looks" if count == 1 else "have names that look"
    it = "it" if count == 1 else "them"
    where = f"; {it} moved to raw/reports/{REJECTED_NAMES}/" if moved else ""
    return (
        f"{files} in raw/reports/ {verb} like patient information (kinds: {', '.join(kinds)}); "
        f"rename {it} (e.g. to the upload id) and land {it} again — not read{where}"
    )


def refuse_phi_names(reports_dir: Path, phi_days: int | None = None) -> list[tuple[str, ...]]:
    """Move every landed file whose name has a finding to rejected_names/; one log line each, no name.

    Returns the finding kinds of each file moved. Files in rejected_names/ older than ``phi_days``
    (since they were moved there) are deleted: their content was never read and may hold PHI too.
    """
    if not reports_dir.is_dir():
        return []
    refused: list[tuple[str, ...]] = []
    target_dir = reports_dir / REJECTED_NAMES
    for path in sorted(reports_dir.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        kinds = name_phi_kinds(path.name)
        if not kinds:
            continue
        target_dir.mkdir(exist_ok=True)
        target = target_dir / path.name
        if target.exists():
            target = target_dir / f"{path.name}~{time.time_ns()}"
        try:
            shutil.move(path, target)
        except FileNotFoundError:
            continue  # moved by a concurrent sensor tick or run
        os.utime(target)  # its mtime is now the time it was refused (for the purge below)
        log.warning(refusal_message(kinds))
        refused.append(kinds)
    if phi_days is not None and target_dir.is_dir():
        cutoff = time.time() - phi_days * 86_400
        for path in target_dir.iterdir():
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
    return refused


def waiting_notices(reports_dir: Path) -> list[str]:
    """What `medpay run` says about files waiting in rejected_names/ (kinds and a count, no names)."""
    folder = reports_dir / REJECTED_NAMES
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    if not files:
        return []
    kinds = tuple(sorted({k for p in files for k in name_phi_kinds(p.name.split("~", 1)[0])}))
    count = "1 report file is" if len(files) == 1 else f"{len(files)} report files are"
    return [
        f"{count} waiting in raw/reports/{REJECTED_NAMES}/, not read: "
        f"the name looks like patient information (kinds: {', '.join(kinds or ('NAME',))}); "
        "rename to the upload id and move back to raw/reports/"
    ]
