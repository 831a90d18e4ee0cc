"""Hostile landings are refused by their first bytes or at their cap, naming the file and the limit
(pipelines/lib/safe_input.py). Inputs are built on the fly (tests/hostile/inputs.py)."""

from __future__ import annotations

import os
import threading
import zipfile

import pytest

from pipelines.lib.safe_input import ENV, InputLimits, InputRefused, read_file, refusal_details
from pipelines.parsing.cms_rvu import NotACmsRelease, read_release
from pipelines.parsing.ncci_files import NcciFileError, classify, members
from pipelines.parsing.reference import (
    BadReferenceFile,
    read_census_counties,
    read_x12_codes,
    read_zip_locality,
)
from pipelines.resources import InputLimitsResource

from .inputs import REPO_RAW, RVU25D, bomb_zip, evil_name_zip, lying_zip, sparse, text_bomb_zip

PPRRVU_HEAD = (RVU25D / "PPRRVU2025_Oct.csv").read_bytes()[:4000]


def refused_release(path, limits: InputLimits | None = None) -> NotACmsRelease:
    with pytest.raises(NotACmsRelease) as info:
        read_release(path, limits=limits)
    return info.value


def test_limits_are_settings():
    limits = InputLimitsResource(rvu_member_bytes="8MiB", zip_ratio="50").limits
    assert limits.rvu_member_bytes == 8 << 20 and limits.zip_ratio == 50
    assert limits.ptp_member_bytes == InputLimits().ptp_member_bytes
    with pytest.raises(ValueError, match="MEDPAY_MAX_ZIP_RATIO"):
        _ = InputLimitsResource(rvu_member_bytes="8MiB", zip_ratio="lots").limits
    assert set(ENV) == {f for f in InputLimits.__dataclass_fields__}


def test_the_2gib_zip_bomb_is_refused_by_its_declared_size(tmp_path):
    error = refused_release(bomb_zip(tmp_path / "rvu25b.zip"))
    message = str(error)
    assert "rvu25b.zip!PPRRVU2025_Apr.csv" in message and "not a CMS RVU release file" in message
    assert "MEDPAY_MAX_RVU_MEMBER_BYTES" in message and "2,048 MiB" in message
    assert refusal_details(error)["limit"] == "MEDPAY_MAX_RVU_MEMBER_BYTES"


def test_a_bomb_declaring_a_small_size_is_refused_by_its_first_bytes(tmp_path):
    message = str(refused_release(lying_zip(tmp_path / "rvu25b.zip", "PPRRVU2025_Apr.csv", 3_000_000)))
    assert "rvu25b.zip!PPRRVU2025_Apr.csv" in message and "NUL byte at offset 0" in message


def test_a_text_bomb_with_a_real_header_hits_the_cap_or_the_ratio(tmp_path):
    archive = text_bomb_zip(tmp_path / "rvu25b.zip", "PPRRVU2025_Apr.csv", PPRRVU_HEAD, 100)
    assert "limit MEDPAY_MAX_RVU_MEMBER_BYTES=67108864" in str(refused_release(archive))
    allowed = InputLimitsResource(rvu_member_bytes="1GiB").limits  # the cap allows it: the ratio does not
    message = str(refused_release(archive, allowed))
    assert "compression ratio of at most 100:1" in message and "MEDPAY_MAX_ZIP_RATIO=100" in message


def test_a_file_that_is_not_what_its_name_says_is_refused_after_64_kib(tmp_path):
    folder = tmp_path / "RVU25B"
    folder.mkdir()
    (folder / "PPRRVU2025_Apr.csv").write_bytes(b"code,price,notes\n" + b"99213,81.86,x\n" * 200_000)
    message = str(refused_release(folder))
    assert "PPRRVU2025_Apr.csv" in message and "no 'HCPCS' in the first 64 KiB" in message
    (folder / "PPRRVU2025_Apr.csv").write_bytes(b"A" * 5_000_000)  # one giant line
    assert "no line break in the first 64 KiB" in str(refused_release(folder))


def test_a_hand_dropped_file_is_capped_by_its_size_without_reading_it(tmp_path):
    folder = sparse(tmp_path / "RVU25B" / "PPRRVU2025_Apr.csv", 2 << 30).parent
    message = str(refused_release(folder))
    assert (
        "PPRRVU2025_Apr.csv" in message
        and "2,048 MiB" in message
        and "MEDPAY_MAX_RVU_MEMBER_BYTES" in message
    )


def test_a_file_growing_while_read_stops_at_the_cap(tmp_path):
    """The cap counts the bytes actually read, not only the size on disk (a FIFO reports 0)."""
    fifo = tmp_path / "PPRRVU2025_Apr.csv"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as handle:
            try:
                handle.write(PPRRVU_HEAD)
                for _ in range(64):
                    handle.write(b"99213,,Office visit,A\r\n" * 50_000)
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with pytest.raises(InputRefused) as info:
        read_file(fifo, 2 << 20, "MEDPAY_MAX_RVU_MEMBER_BYTES")
    writer.join(10)
    assert info.value.limit == "MEDPAY_MAX_RVU_MEMBER_BYTES" and "stopped reading there" in str(info.value)


@pytest.mark.parametrize(
    ("name", "symlink", "said"),
    [
        ("../../escaped.csv", False, "found name '../../escaped.csv'"),
        ("/tmp/absolute.csv", False, "found name '/tmp/absolute.csv'"),
        ("C:/windows.csv", False, "found name 'C:/windows.csv'"),
        ("PPRRVU2025_Apr.csv", True, "a symbolic link member"),
    ],
)
def test_unsafe_member_names_and_links_are_refused(tmp_path, name, symlink, said):
    work = tmp_path / "raw"
    work.mkdir()
    before = sorted(tmp_path.rglob("*"))
    archive = evil_name_zip(work / "rvu25b.zip", name, symlink)
    assert said in str(refused_release(archive))
    assert sorted(tmp_path.rglob("*")) == sorted([*before, archive])  # nothing written anywhere


def test_ncci_zip_bombs_are_refused_at_their_kind_cap(tmp_path):
    ptp = bomb_zip(tmp_path / "medicare-ncci-2025q4-practitioner-ptp-edits-ccipra-v313r0-f1.zip",
                   "ccipra-v313r0-f1.txt", real=False)  # fmt: skip
    with pytest.raises(NcciFileError, match=r"ccipra-v313r0-f1\.txt.*MEDPAY_MAX_PTP_MEMBER_BYTES=536870912"):
        list(members(classify(ptp)))
    mue = bomb_zip(tmp_path / "MCR_MUE_PractitionerServices_Eff_10-01-2025.zip",
                   "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv", gib=0.25, real=False)  # fmt: skip
    with pytest.raises(NcciFileError, match="MEDPAY_MAX_MUE_MEMBER_BYTES=16777216"):
        list(members(classify(mue)))


def test_an_ncci_file_of_the_wrong_kind_is_refused_by_its_first_bytes(tmp_path):
    path = tmp_path / "ccipra-v313r0-f1.txt"
    path.write_bytes(b"HCPCS,MOD,DESCRIPTION\r\n" + b"99213,,Office visit\r\n" * 20_000)
    with pytest.raises(NcciFileError, match="no 'COLUMN' in the first 64 KiB"):
        list(members(classify(path)))


def test_reference_files_are_sniffed_and_capped(tmp_path):
    junk = tmp_path / "carc-rarc.csv"
    junk.write_bytes(b"name,address\n" + b"x,y\n" * 40_000)
    with pytest.raises(BadReferenceFile, match="carc-rarc.csv.*no 'CODE_TYPE'"):
        read_x12_codes(junk)
    big = tmp_path / "national_county.txt"
    big.write_bytes(b"AL,01,001,Autauga County,H1\n" * 1000)
    with pytest.raises(BadReferenceFile, match="MEDPAY_MAX_REFERENCE_FILE_BYTES=1024"):
        read_census_counties(big, InputLimitsResource(reference_file_bytes="1KiB").limits)


def test_real_releases_still_read_whole(tmp_path):
    """The real RVU25D zip passes every sniff and cap (compression ratios 2-9)."""
    archive = tmp_path / "rvu25d.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(RVU25D.iterdir()):
            out.write(path, path.name)
    parsed = read_release(archive)
    assert parsed.release_id == "RVU25D" and not parsed.missing
    assert {f.name for f in parsed.files} == {p.name for p in RVU25D.iterdir()}


def test_a_big_file_under_a_reference_name_is_refused_by_its_first_bytes(tmp_path):
    fake = tmp_path / "national_county.txt"
    fake.write_bytes(b"99213,81.86,Office visit,A,x\n" * 20_000)  # 5 fields a line, but no county list
    with pytest.raises(BadReferenceFile, match="national_county.txt.*no 'COUNTY' in the first 64 KiB"):
        read_census_counties(fake)


def test_a_big_text_file_under_the_zip5_name_is_refused_by_its_first_line(tmp_path):
    """The headerless fixed-width ZIP5 file has no signature word: its first record is the sniff, so a
    60 MB text file of another kind is refused after 64 KiB, not parsed whole."""
    fake = tmp_path / "ZIP5_OCT2025.txt"
    fake.write_bytes(b"99213,81.86,Office visit,A,x\n" * 2_100_000)
    with pytest.raises(
        BadReferenceFile, match=r"ZIP5_OCT2025.txt.*CMS ZIP5 file.*first line starting b'99213"
    ):
        read_zip_locality(fake)
    real = REPO_RAW / "cms" / "zip_locality" / "ZPLC_OCT2025" / "ZIP5_OCT2025.txt"
    assert read_zip_locality(real).height > 40_000  # the real file still passes


def test_fixed_width_txt_members_are_recognised_by_their_first_line(tmp_path):
    """The headerless TXT layouts (PPRRVU, ANES, OPPSCAP) have no signature word: their first record is
    the sniff. The real RVU25D TXT files pass it; a big text file under such a name is refused at once."""
    folder = tmp_path / "RVU25D"
    folder.mkdir()
    for name in ("PPRRVU2025_Oct.txt", "ANES2025.txt", "OPPSCAP_Oct.txt", "GPCI2025.txt", "25LOCCO.txt"):
        (folder / name).write_bytes((RVU25D / name).read_bytes())
    parsed = read_release(folder)
    assert parsed.release_id == "RVU25D" and not parsed.missing
    for name in ("PPRRVU2025_Oct.txt", "ANES2025.txt", "OPPSCAP_Oct.txt"):
        real = (folder / name).read_bytes()
        (folder / name).write_bytes(b"this is not a CMS file, just a long note\n" * 50_000)
        message = str(refused_release(folder))
        assert name in message and "first line" in message, message
        (folder / name).write_bytes(real)
