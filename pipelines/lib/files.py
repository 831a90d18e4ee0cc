"""Small file helpers shared by every domain."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout


def sha256_file(path: Path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB blocks (landings can be hundreds of MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def take_lock(
    path: Path,
    timeout_s: float,
    what: str,
    poll_s: float = 0.5,
    on_wait: Callable[[float], None] | None = None,
) -> FileLock:
    """Take the exclusive lock file ``path`` (``filelock``), waiting up to ``timeout_s`` (then
    TimeoutError naming ``what``); the caller releases it. ``on_wait(seconds_waited)`` is called about
    every 30 s while waiting, to say so in a log. Not thread-bound: a run may release it elsewhere."""
    lock = FileLock(path, thread_local=False, poll_interval=poll_s)
    start = time.monotonic()
    while True:
        waited = time.monotonic() - start
        try:
            lock.acquire(timeout=max(0.0, min(30.0, timeout_s - waited)))
            return lock
        except Timeout as busy:
            waited = time.monotonic() - start
            if waited >= timeout_s:
                raise TimeoutError(f"another run holds {what} (waited {waited:.0f} s)") from busy
            if on_wait is not None:
                on_wait(waited)
