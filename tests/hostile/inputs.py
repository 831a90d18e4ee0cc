"""Hostile inputs built on the fly (nothing big is committed): zip bombs, evil member names, report
files with giant lines, NUL bytes, bad UTF-8, 10,000 columns, a JSON nesting bomb.

Used by tests/hostile/ and benchmarks/bench_hostile.py. The 2 GiB bomb is written without deflating
2 GiB: one 1 MiB block of zeros is deflated once (full flush: no reference to earlier blocks) and the
same compressed block is repeated, so the member is a valid deflate stream with the right CRC.
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from pathlib import Path

REPO_RAW = Path(__file__).resolve().parents[2] / "raw"
RVU25D = REPO_RAW / "cms" / "rvu" / "RVU25D"
REAL_MEMBERS = ("GPCI2025.csv", "25LOCCO.csv", "ANES2025.csv")
BLOCK = 1 << 20
_CRC_CACHE: dict[tuple[int, int], int] = {}


def _zeros_crc(blocks: int) -> int:
    if (blocks, BLOCK) not in _CRC_CACHE:
        crc, zeros = 0, bytes(BLOCK)
        for _ in range(blocks):
            crc = zlib.crc32(zeros, crc)
        _CRC_CACHE[blocks, BLOCK] = crc
    return _CRC_CACHE[blocks, BLOCK]


def deflated_zeros(blocks: int) -> bytes:
    """A raw deflate stream inflating to ``blocks`` MiB of zero bytes (about 1 KiB per MiB)."""
    one = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = one.compress(bytes(BLOCK)) + one.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15)
    return block * blocks + end.flush(zlib.Z_FINISH)


def _local_header(name: bytes, crc: int, csize: int, usize: int) -> bytes:
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, csize, usize, len(name), 0) + name


def _central(name: bytes, crc: int, csize: int, usize: int, offset: int) -> bytes:
    fields = (0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, csize, usize, len(name), 0, 0, 0, 0, 0, offset)
    head = struct.pack("<IHHHHHHIIIHHHHHII", *fields)
    return head + name


def bomb_zip(dest: Path, member: str = "PPRRVU2025_Apr.csv", gib: float = 2, real: bool = True) -> Path:
    """``dest`` (e.g. rvu25b.zip): ``member`` inflates to ``gib`` GiB of zeros (~2 MB compressed);
    with ``real``, the real GPCI/LOCCO/ANES files of RVU25D are members too."""
    blocks = int(gib * 1024)
    data = deflated_zeros(blocks)
    crc, usize = _zeros_crc(blocks), blocks * BLOCK
    entries = [(member.encode(), crc, data, usize)]
    if real:
        for name in REAL_MEMBERS:
            raw = (RVU25D / name).read_bytes()
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            entries.append((name.encode(), zlib.crc32(raw), packer.compress(raw) + packer.flush(), len(raw)))
    out, central = bytearray(), bytearray()
    for name, crc_, packed, size in entries:
        central += _central(name, crc_, len(packed), size, len(out))
        out += _local_header(name, crc_, len(packed), size) + packed
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    dest.write_bytes(bytes(out + central + end))
    return dest


def sparse(path: Path, size: int) -> Path:
    """A ``size``-byte file of zeros that takes no disk (a file dropped by hand, as big as you like)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def lying_zip(dest: Path, member: str, declared: int, gib: float = 1) -> Path:
    """A member whose central directory declares ``declared`` bytes but inflates to ``gib`` GiB."""
    bomb_zip(dest, member, gib, real=False)
    data = bytearray(dest.read_bytes())
    for signature, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        index = data.find(signature)
        struct.pack_into("<I", data, index + at, declared)
    dest.write_bytes(bytes(data))
    return dest


def text_bomb_zip(dest: Path, member: str, first: bytes, mib: int) -> Path:
    """``member`` starts with ``first`` (a plausible header) and then repeats one line for ``mib`` MiB."""
    line = b"99213,,Office visit,A,,1.30\r\n"
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(member, "w", force_zip64=True) as handle:
            handle.write(first)
            chunk = line * (BLOCK // len(line))
            for _ in range(mib):
                handle.write(chunk)
    return dest


def evil_name_zip(dest: Path, name: str, symlink: bool = False) -> Path:
    """A zip with a member called ``name`` (``../x``, ``/etc/x``) or a symlink member."""
    with zipfile.ZipFile(dest, "w") as archive:
        info = zipfile.ZipInfo(name)
        if symlink:
            info.external_attr = (0o120777 << 16) | 0x20
        archive.writestr(info, "/etc/passwd" if symlink else "x")
        archive.writestr("GPCI2025.csv", (RVU25D / "GPCI2025.csv").read_bytes())
    return dest


def timed(fn, *args, **kwargs):
    """(seconds, result or the exception raised) of one call."""
    start = time.perf_counter()
    try:
        value = fn(*args, **kwargs)
    except Exception as err:  # the refusal is the result
        value = err
    return time.perf_counter() - start, value
