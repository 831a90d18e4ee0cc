"""Inputs that are not a CMS RVU release are refused with one NotACmsRelease naming file and expectation."""

from __future__ import annotations

import zipfile

import pytest

from pipelines.parsing.cms_rvu import NotACmsRelease, read_release

from .cms_support import RVU25A, RVU25D, copy_release, zip_folder

PPRRVU = "PPRRVU2025_Oct.csv"


def release_with(tmp_path, files: dict[str, bytes], folder: str = "RVU25D"):
    target = tmp_path / folder
    target.mkdir()
    for name, data in files.items():
        (target / name).write_bytes(data)
    return target


def refused(source, *, release_id=None) -> str:
    with pytest.raises(NotACmsRelease) as info:
        read_release(source, release_id)
    return str(info.value)


def real(name: str = PPRRVU) -> bytes:
    return (RVU25D / name).read_bytes()


def test_empty_file(tmp_path):
    message = refused(release_with(tmp_path, {PPRRVU: b""}))
    assert PPRRVU in message and "empty file" in message


def test_binary_junk(tmp_path):
    junk = bytes(range(256)) * 40
    message = refused(release_with(tmp_path, {PPRRVU: junk}))
    assert PPRRVU in message and "HCPCS,MOD,DESCRIPTION" in message


def test_changed_header_layout(tmp_path):
    # swapping two cells of the last header row renames two columns: both are named as missing
    data = real().replace(b"HCPCS,MOD,DESCRIPTION,CODE,PAYMENT", b"HCPCS,MOD,DESCRIPTION,PAYMENT,CODE", 1)
    message = refused(release_with(tmp_path, {PPRRVU: data}))
    assert PPRRVU in message and "header ending on line 10" in message
    assert "no column named 'STATUS CODE' (status_code), 'NOT USED FOR MEDICARE PAYMENT'" in message
    assert "STATUS PAYMENT | NOT USED FOR MEDICARE CODE" in message


def test_wrong_columns(tmp_path):
    data = b"code,description,price\r\n99213,Office visit,100.00\r\n"
    message = refused(release_with(tmp_path, {PPRRVU: data}))
    assert PPRRVU in message and "expected a PPRRVU CSV" in message


def test_truncated_zip(tmp_path):
    archive = zip_folder(RVU25D, tmp_path / "rvu25d.zip", only=[PPRRVU])
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    message = refused(archive)
    assert "rvu25d.zip" in message and "truncated or corrupt" in message


def test_corrupt_zip_member(tmp_path):
    archive = zip_folder(RVU25D, tmp_path / "rvu25d.zip", only=[PPRRVU])
    data = bytearray(archive.read_bytes())
    data[200:260] = b"\x00" * 60  # inside the compressed member: CRC/zlib error on read
    archive.write_bytes(bytes(data))
    assert "truncated or corrupt" in refused(archive)


def test_zip_without_pprrvu(tmp_path):
    archive = tmp_path / "rvu25d.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("GPCI2025.csv", real("GPCI2025.csv"))
        z.writestr("RVU25D.pdf", real("RVU25D.pdf"))
    message = refused(archive)
    assert "rvu25d.zip" in message and "PPRRVU*.csv or PPRRVU*.txt" in message


def test_empty_folder_and_missing_path(tmp_path):
    (tmp_path / "RVU25D").mkdir()
    assert "PPRRVU" in refused(tmp_path / "RVU25D")
    assert "nothing at that path" in refused(tmp_path / "rvu25c.zip")


def test_release_id_must_match_the_file(tmp_path):
    folder = copy_release(RVU25A, tmp_path / "RVU25D", ["PPRRVU25_JAN1.csv"])  # a January file named October
    message = refused(folder)
    assert "PPRRVU25_JAN1.csv" in message and "release RVU25D" in message and "quarter A" in message


def test_bad_release_id_argument(tmp_path):
    assert "release id like RVU25D" in refused(RVU25D, release_id="october")


def test_broken_secondary_table_refuses_the_release(tmp_path):
    gpci = real("GPCI2025.csv").replace(b"2025 PE GPCI", b"2025 XX GPCI", 1)
    message = refused(release_with(tmp_path, {PPRRVU: real(), "GPCI2025.csv": gpci}))
    assert "GPCI2025.csv" in message and "GPCI header" in message


def test_txt_with_changed_layout(tmp_path):
    lines = real("PPRRVU2025_Oct.txt").split(b"\r\n")
    shifted = b"\r\n".join(lines[:7] + [b"  " + line for line in lines[7:]])
    message = refused(release_with(tmp_path, {"PPRRVU2025_Oct.txt": shifted}))
    assert "PPRRVU2025_Oct.txt" in message and "columns 133-140" in message


def test_2026_release_without_variant_asks_for_one(tmp_path):
    data = (
        real()
        .replace(b"2025 National", b"2026 National", 1)
        .replace(b"October Release", b"January Release", 1)
    )
    folder = release_with(
        tmp_path, {"PPRRVU2026_Jan_QPP.csv": data, "PPRRVU2026_Jan_nonQPP.csv": data}, "RVU26A"
    )
    message = refused(folder)
    assert "RVU26A_NONQPP and RVU26A_QPP" in message


def test_two_csvs_for_one_table_are_ambiguous(tmp_path):
    folder = release_with(tmp_path, {PPRRVU: real(), "PPRRVU2025_Oct_copy.csv": real()})
    assert "several" in refused(folder)
