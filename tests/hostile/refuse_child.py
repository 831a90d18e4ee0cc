"""Child process of tests/hostile/test_bounds.py and benchmarks/bench_hostile.py: refuse one landing
under an address-space limit and a wall-clock alarm, print the refusal as one JSON line.

    python tests/hostile/refuse_child.py <rvu|ncci|reference|report> <path> <extra MiB> <seconds>

After the imports, the address space is capped at what is mapped then + <extra MiB> (RLIMIT_AS), and
SIGALRM kills the process after <seconds>: a reader that inflated the landing into memory would die
of MemoryError, one that took too long of the alarm. Exit 0 only when the landing was refused.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _vm_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def _row_errors(rows) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.error or "parsed"] = counts.get(row.error or "parsed", 0) + 1
    return counts


def refuse(kind: str, path: Path) -> tuple[BaseException | None, object]:
    """Open ``path`` as the landing reader of ``kind`` does: (the exception it refused with or None,
    what it read: for a report file, its rows by error code)."""
    from pipelines.parsing.cms_rvu import read_release
    from pipelines.parsing.ncci_files import classify, members
    from pipelines.parsing.reference import read_census_counties
    from pipelines.parsing.reports import iter_rows

    readers = {
        "rvu": lambda: read_release(path),
        "ncci": lambda: [len(data) for _name, data in members(classify(path))],
        "reference": lambda: read_census_counties(path),
        "report": lambda: _row_errors(iter_rows(path)),
    }
    try:
        return None, readers[kind]()
    except (ValueError, OSError) as err:
        return err, None


def peak_rss_mib() -> float:
    """The kernel's high-water mark of this process's resident memory since exec (VmHWM). Not
    getrusage: on Linux ru_maxrss carries the parent's peak across fork + exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(argv: list[str]) -> int:
    kind, path, extra_mib, seconds = argv[0], Path(argv[1]), int(argv[2]), int(argv[3])
    try:  # import every reader before the limits are set
        refuse(kind, Path("/nonexistent/warm-up"))
    except Exception:  # only the imports matter here
        pass
    limit = _vm_bytes() + extra_mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.alarm(seconds)
    start = time.perf_counter()
    error, read = refuse(kind, path)
    elapsed = time.perf_counter() - start
    signal.alarm(0)
    result = {"refused": error is not None, "error": str(error), "read": read, "seconds": elapsed}
    print(json.dumps({**result, "peak_rss_mib": peak_rss_mib()}, default=str))
    return 0 if error is not None else 1


def run(
    kind: str, path: Path, extra_mib: int = 500, seconds: int = 5, env: dict[str, str] | None = None
) -> tuple[int, dict, float]:
    """Run this script on ``path`` in a child: (exit status, its JSON line, its peak RSS in MiB as
    the kernel counted it for the child's own address space, VmHWM)."""
    proc = subprocess.Popen(
        [sys.executable, __file__, kind, str(path), str(extra_mib), str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    out, err = proc.communicate()  # one short line; a traceback on stderr
    lines = out.decode().strip().splitlines()
    result = json.loads(lines[-1]) if lines else {"refused": False, "error": err.decode()[-2000:]}
    return proc.returncode, result, result.get("peak_rss_mib", float("nan"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
