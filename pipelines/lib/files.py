"""Small file helpers shared by every domain."""

from __future__ import annotations

import fcntl
import hashlib
import time
from pathlib import Path
from typing import IO, Any


def sha256_file(path: Path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB blocks (landings can be hundreds of MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def wait_for_lock(handle: IO[Any], timeout_s: float, what: str, poll_s: float = 0.5, on_wait=None) -> None:
    """Take an exclusive ``flock`` on ``handle``, waiting up to ``timeout_s`` (then TimeoutError).

    ``on_wait(seconds_waited)`` is called about every 30 s while waiting, to say so in a log."""
    start = time.monotonic()
    next_note = 0.0
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError as busy:
            waited = time.monotonic() - start
            if waited > timeout_s:
                raise TimeoutError(f"another run holds {what} (waited {waited:.0f} s)") from busy
            if on_wait is not None and waited >= next_note:
                on_wait(waited)
                next_note += 30
            time.sleep(poll_s)
