"""Shared measurement helpers: wall time and peak memory of a callable, in a child process."""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from collections.abc import Callable
from typing import Any


def _child(fn: Callable[..., Any], args: tuple, queue: mp.Queue) -> None:
    start = time.perf_counter()
    value = fn(*args)
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((elapsed, peak_kib / 1024, value))


def measure(fn: Callable[..., Any], *args: Any) -> tuple[float, float, Any]:
    """Run ``fn(*args)`` in a fresh process: (seconds, peak RSS in MiB, return value).

    A fresh process per measurement keeps one workload's memory out of the next one's peak.
    ``fn`` must be importable (module-level) and its return value picklable.
    """
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    if proc.exitcode != 0:
        raise RuntimeError(f"benchmark child exited with {proc.exitcode}")
    return result


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline > 0 else "n/a"
