"""Time and memory bounds of refusals, enforced from OUTSIDE the refusing process (no timing assert on
normal code): tests/hostile/refuse_child.py refuses one landing with its address space capped at
what it had mapped after its imports + 500 MiB (RLIMIT_AS) and a 5 s SIGALRM, both enforced by the
kernel; its peak resident memory is the kernel's high-water mark of its address space (VmHWM). Issue 19's case first: the 2 MB rvu25b.zip whose
PPRRVU2025_Apr.csv inflates to 2 GiB (plus the real GPCI/LOCCO/ANES members)."""

from __future__ import annotations

import pytest

from .inputs import bomb_zip, lying_zip, sparse
from .refuse_child import run

EXTRA_MIB, SECONDS, PEAK_MIB = 500, 5, 500


CASES = {
    "rvu25b.zip (issue 19)": ("rvu", lambda d: bomb_zip(d / "rvu25b.zip"), "MEDPAY_MAX_RVU_MEMBER_BYTES"),
    "rvu zip declaring 3 MB": (
        "rvu",
        lambda d: lying_zip(d / "rvu25b.zip", "PPRRVU2025_Apr.csv", 3_000_000, gib=2),
        "NUL byte",
    ),
    "rvu folder, 2 GiB file": (
        "rvu",
        lambda d: sparse(d / "RVU25B" / "PPRRVU2025_Apr.csv", 2 << 30).parent,
        "MEDPAY_MAX_RVU_MEMBER_BYTES",
    ),
    "ncci ptp zip": (
        "ncci",
        lambda d: bomb_zip(
            d / "medicare-ncci-2025q4-ccipra-v313r0-f1.zip", "ccipra-v313r0-f1.txt", real=False
        ),
        "MEDPAY_MAX_PTP_MEMBER_BYTES",
    ),
    "report file, 2 GiB": (
        "report",
        lambda d: sparse(d / "upload.jsonl", 2 << 30),
        "MEDPAY_MAX_REPORT_FILE_BYTES",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refused_within_5_s_and_500_mb(tmp_path, case):
    kind, build, said = CASES[case]
    landing = build(tmp_path)
    status, result, peak_mib = run(kind, landing, EXTRA_MIB, SECONDS)
    assert status == 0, (status, result)  # -14: SIGALRM (over 5 s); 1 with MemoryError: over the cap
    assert result["refused"] and said in result["error"], result
    assert peak_mib < PEAK_MIB, f"peak RSS {peak_mib:.0f} MiB"
