"""Open landed bytes safely: sniff first, then read under a hard cap (docs/operations.md, "Hostile inputs").

Every landing (RVU zips and folders, NCCI zips and files, MUE tables, reference files, report files)
opens its bytes through this module:

- **Sniff before reading.** ``read_member`` / ``read_file`` read (or stream-decompress) only the first
  ``SNIFF_BYTES`` and hand them to a ``Sniff`` (text, no NUL byte, a line break early, the kind's
  signature words) before anything else is read: a file that is not what its name says is refused
  after 64 KiB, whatever its size.
- **Bounded inflation.** A zip member is refused when its declared size is over the kind's cap, when
  its declared compression ratio is absurd, and, while streaming (the declared sizes are never
  trusted alone), as soon as the bytes actually inflated pass the cap or the ratio. At most
  ``cap + 64 KiB`` is ever held.
- **Safe names.** ``zip_members`` refuses an archive with a member name holding ``..``, an absolute
  path or a drive letter, a symlink member, or more members than ``max_zip_members``. Nothing is ever
  extracted to disk: members stream into memory under their cap.

Limits are one settings object, ``InputLimits`` (environment ``MEDPAY_MAX_*``, README "Configuration").
A refusal is an ``InputRefused`` naming the file, what was expected, what was found and the setting
whose limit it broke; each landing re-raises it as its own error type (``raise ... from``), and
``refusal_details`` finds it again for the Dagster failure metadata and the refusal journal.
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath
from typing import Any

SNIFF_BYTES = 64 * 1024
CHUNK = 1 << 20
# Below this many inflated bytes the ratio is not judged (a 10 KB file of blanks compresses 300:1).
RATIO_FLOOR = 1 << 20
MiB = 1 << 20

ENV = {
    "rvu_member_bytes": "MEDPAY_MAX_RVU_MEMBER_BYTES",
    "ptp_member_bytes": "MEDPAY_MAX_PTP_MEMBER_BYTES",
    "mue_member_bytes": "MEDPAY_MAX_MUE_MEMBER_BYTES",
    "reference_file_bytes": "MEDPAY_MAX_REFERENCE_FILE_BYTES",
    "report_file_bytes": "MEDPAY_MAX_REPORT_FILE_BYTES",
    "report_line_bytes": "MEDPAY_MAX_REPORT_LINE_BYTES",
    "report_columns": "MEDPAY_MAX_REPORT_COLUMNS",
    "report_json_depth": "MEDPAY_MAX_REPORT_JSON_DEPTH",
    "zip_ratio": "MEDPAY_MAX_ZIP_RATIO",
    "zip_members": "MEDPAY_MAX_ZIP_MEMBERS",
}
_SIZE = re.compile(r"^\s*(\d+)\s*(|B|KB|KIB|MB|MIB|GB|GIB)\s*$", re.I)
_UNITS = {"": 1, "B": 1, "KB": 1000, "KIB": 1 << 10, "MB": 1000**2, "MIB": MiB, "GB": 1000**3, "GIB": 1 << 30}


@dataclass(frozen=True)
class InputLimits:
    """Caps on what a landing may hold (well above real CMS sizes: docs/operations.md has the table).

    - ``rvu_member_bytes``: one file of an RVU release, inflated (PPRRVU is ~3.3 MB).
    - ``ptp_member_bytes``: one NCCI PTP part, inflated (~150 MB).
    - ``mue_member_bytes``: one MUE table, inflated (~1 MB).
    - ``reference_file_bytes``: one reference file (the CMS ZIP5 file is ~3 MB).
    - ``report_file_bytes``: one denial-report file.
    - ``report_line_bytes``: one report line / CSV record (a report is a few KiB).
    - ``report_columns``: columns of a report CSV header (the contract has 19).
    - ``report_json_depth``: nesting of one JSON report (the contract nests 2 deep).
    - ``zip_ratio``: inflated / compressed bytes of a zip member (real CMS files: 2-9).
    - ``zip_members``: entries of one zip.
    """

    rvu_member_bytes: int = 64 * MiB
    ptp_member_bytes: int = 512 * MiB
    mue_member_bytes: int = 16 * MiB
    reference_file_bytes: int = 64 * MiB
    report_file_bytes: int = 512 * MiB
    report_line_bytes: int = 256 * 1024
    report_columns: int = 64
    report_json_depth: int = 16
    zip_ratio: int = 100
    zip_members: int = 1000

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 1:
                raise ValueError(f"{ENV[f.name]} must be at least 1, got {getattr(self, f.name)}")

    @classmethod
    def parse(cls, raw_values: Mapping[str, str | None]) -> InputLimits:
        """Defaults, overridden by the given texts (field -> text; bytes accept KiB/MiB/GiB). The texts
        come from ``pipelines.resources.InputLimitsResource`` (environment ``MEDPAY_MAX_*``)."""
        values: dict[str, int] = {}
        for f in fields(cls):
            raw = raw_values.get(f.name)
            if raw in (None, ""):
                continue
            match = _SIZE.match(raw)
            if not match:
                raise ValueError(
                    f"{ENV[f.name]}={raw!r}: expected a whole number (bytes may end in KiB/MiB/GiB)"
                )
            values[f.name] = int(match.group(1)) * _UNITS[match.group(2).upper()]
        return cls(**values)


def size_text(n: int) -> str:
    """MiB from 1 MiB, KiB from 1 KiB, else bytes (for messages)."""
    if n >= MiB:
        return f"{n / MiB:,.0f} MiB"
    return f"{n / 1024:,.0f} KiB" if n >= 1024 else f"{n:,} bytes"


class InputRefused(ValueError):
    """A landing refused before (or while) reading it: names the file, the expectation, what was
    found and, when a limit was broken, the setting (``limit``) and its value."""

    def __init__(
        self, file: str, expected: str, found: str, limit: str | None = None, value: int | None = None
    ):
        self.file, self.expected, self.found, self.limit, self.value = file, expected, found, limit, value
        where = f" (limit {limit}={value})" if limit else ""
        super().__init__(f"{file}: refused: expected {expected}; found {found}{where}")


def refusal_details(error: BaseException) -> dict[str, Any]:
    """The file and broken limit of the InputRefused behind ``error`` (itself or a cause), else {}."""
    seen: BaseException | None = error
    while seen is not None and not isinstance(seen, InputRefused):
        seen = seen.__cause__
    if seen is None:
        return {}
    details: dict[str, Any] = {"refused_file": seen.file, "found": seen.found}
    if seen.limit:
        details |= {"limit": seen.limit, "limit_value": seen.value}
    return details


@dataclass(frozen=True)
class Sniff:
    """What the first bytes of a kind of file must look like. ``expected`` is said in refusals;
    ``words`` (upper case; any one must occur in the head, case-insensitively) is the kind's signature;
    ``first_line``, a regex the first non-blank line must match, that of a headerless fixed-width file."""

    expected: str
    words: tuple[bytes, ...] = ()
    line_based: bool = True
    # a regex the first non-blank line must match (a headerless fixed-width file has no words to find)
    first_line: bytes | None = None

    def check(self, head: bytes, name: str, complete: bool) -> None:
        """Raise InputRefused unless ``head`` (the first bytes; ``complete``: the whole file) fits."""
        if complete:
            return  # the whole file is in hand (< 64 KiB): its parser says exactly what is wrong with it
        nul = head.find(b"\x00")
        if nul >= 0:
            raise InputRefused(name, self.expected, f"binary content (a NUL byte at offset {nul:,})")
        if head.startswith((b"PK\x03\x04", b"\x1f\x8b", b"%PDF", b"\xd0\xcf\x11\xe0")):
            raise InputRefused(name, self.expected, "binary content (a zip, gzip, PDF or Excel file)")
        if self.line_based and b"\n" not in head and b"\r" not in head:
            raise InputRefused(
                name,
                self.expected,
                f"no line break in the first {size_text(len(head))} (not a line-based text file)",
            )
        if self.words and not any(word in head.upper() for word in self.words):
            said = " or ".join(repr(w.decode()) for w in self.words)
            raise InputRefused(name, self.expected, f"no {said} in the first {size_text(len(head))}")
        if self.first_line is not None:
            line = next((x for x in head.splitlines() if x.strip()), b"")
            if not re.match(self.first_line, line):
                raise InputRefused(name, self.expected, f"a first line starting {line[:40]!r}")


TEXT = Sniff("a text file")


def _check_name(archive: str, info: zipfile.ZipInfo) -> None:
    name = info.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        raise InputRefused(
            f"{archive}!{name}",
            "member names inside the archive (no '..', no absolute path)",
            f"name {name!r}",
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InputRefused(f"{archive}!{name}", "regular files (no links)", "a symbolic link member")


def zip_members(archive: zipfile.ZipFile, label: str, limits: InputLimits) -> list[zipfile.ZipInfo]:
    """The data members of an open zip (no folders, no __MACOSX), after checking every member's
    name and the member count; raises InputRefused."""
    infos = archive.infolist()
    if len(infos) > limits.zip_members:
        raise InputRefused(
            label,
            f"at most {limits.zip_members:,} zip entries",
            f"{len(infos):,}",
            ENV["zip_members"],
            limits.zip_members,
        )
    for info in infos:
        _check_name(label, info)
    return [i for i in infos if not i.is_dir() and "__MACOSX" not in i.filename]


def _declared(label: str, info: zipfile.ZipInfo, cap: int, setting: str, limits: InputLimits) -> None:
    """Refuse on the central directory alone (no inflation): declared size or ratio over the limit."""
    if info.file_size > cap:
        raise InputRefused(
            label,
            f"a member of at most {size_text(cap)}",
            f"a declared size of {size_text(info.file_size)}",
            setting,
            cap,
        )
    if info.compress_type != zipfile.ZIP_STORED and info.file_size > RATIO_FLOOR:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.zip_ratio:
            raise InputRefused(
                label,
                f"a compression ratio of at most {limits.zip_ratio}:1",
                f"{ratio:,.0f}:1 declared ({size_text(info.file_size)} from {size_text(info.compress_size)})",
                ENV["zip_ratio"],
                limits.zip_ratio,
            )


def _stream(
    handle: Any,
    label: str,
    cap: int,
    setting: str,
    sniff: Sniff | None,
    *,
    compressed: int | None = None,
    limits: InputLimits,
    head_only: bool = False,
    keep: bool = True,
) -> bytes:
    """Read ``handle`` under the cap (and, for a zip member of ``compressed`` bytes, the ratio);
    ``keep=False`` only checks (and returns the head)."""
    head = handle.read(SNIFF_BYTES)
    complete = len(head) < SNIFF_BYTES
    if sniff is not None:
        sniff.check(head, label, complete)
    if head_only or complete:
        return head
    parts, total = [head], len(head)
    while chunk := handle.read(CHUNK):
        total += len(chunk)
        if total > cap:
            raise InputRefused(
                label,
                f"at most {size_text(cap)}",
                f"more than {size_text(cap)} (stopped reading there)",
                setting,
                cap,
            )
        if compressed is not None and total > RATIO_FLOOR and total > limits.zip_ratio * max(compressed, 1):
            raise InputRefused(
                label,
                f"a compression ratio of at most {limits.zip_ratio}:1",
                f"over {size_text(total)} inflated from a {size_text(compressed)} member",
                ENV["zip_ratio"],
                limits.zip_ratio,
            )
        if keep:
            parts.append(chunk)
    return b"".join(parts)


def read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    label: str,
    cap: int,
    setting: str,
    sniff: Sniff | None = TEXT,
    limits: InputLimits | None = None,
    *,
    head_only: bool = False,
) -> bytes:
    """A zip member's bytes: declared sizes checked, the head sniffed, then inflated under the cap and
    ratio (``head_only``: just the sniffed head). ``setting`` names the cap in refusals."""
    limits = limits or InputLimits()
    _declared(label, info, cap, setting, limits)
    with archive.open(info) as handle:
        return _stream(
            handle,
            label,
            cap,
            setting,
            sniff,
            compressed=info.compress_size,
            limits=limits,
            head_only=head_only,
        )


def check_archive(
    path: Path, cap: int, setting: str, limits: InputLimits | None = None, label: str | None = None
) -> None:
    """Check a whole zip without keeping anything: names, member count, and every member inflated
    (streamed, discarded) under ``cap`` and the ratio, its CRC checked by zipfile at the end."""
    limits, name = limits or InputLimits(), label or Path(path).name
    with zipfile.ZipFile(path) as archive:
        for info in zip_members(archive, name, limits):
            member = f"{name}!{info.filename}"
            _declared(member, info, cap, setting, limits)
            with archive.open(info) as handle:
                _stream(
                    handle,
                    member,
                    cap,
                    setting,
                    None,
                    compressed=info.compress_size,
                    limits=limits,
                    keep=False,
                )


def read_file(
    path: Path,
    cap: int,
    setting: str,
    sniff: Sniff | None = TEXT,
    limits: InputLimits | None = None,
    *,
    label: str | None = None,
    head_only: bool = False,
) -> bytes:
    """A landed file's bytes: its size checked first, the head sniffed, then the rest read."""
    limits = limits or InputLimits()
    label = label or Path(path).name
    check_size(path, cap, setting, label)
    with open(path, "rb") as handle:
        return _stream(handle, label, cap, setting, sniff, limits=limits, head_only=head_only)


def check_size(path: Path, cap: int, setting: str, label: str | None = None) -> None:
    """Refuse a file over ``cap`` bytes by its size on disk (nothing is read)."""
    size = Path(path).stat().st_size
    if size > cap:
        raise InputRefused(
            label or Path(path).name,
            f"a file of at most {size_text(cap)}",
            f"{size_text(size)}",
            setting,
            cap,
        )


def sniff_file(path: Path, sniff: Sniff, label: str | None = None) -> bytes:
    """Check the first bytes of a file (nothing else is read); returns them."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    sniff.check(head, label or Path(path).name, len(head) < SNIFF_BYTES)
    return head
