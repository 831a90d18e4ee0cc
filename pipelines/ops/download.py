"""Download one file safely: streaming, retries with backoff, HTTP Range resume, bounded in time and size.

Retries and backoff are ``tenacity``'s; each attempt resumes from the bytes already on disk. One
download per target at a time: a second one finds the ``.<name>.part.lock`` taken (``filelock``).
Bytes go to a hidden ``.<name>.part`` beside the target (landing sensors ignore hidden names) and
the target appears only by an atomic rename once the download is complete and its SHA-256 matches
the catalogue (when known). A failure never leaves anything under the final name; a dropped
connection keeps the ``.part`` so the next attempt (or the next run) resumes with a Range request.
"""

from __future__ import annotations

import os
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import tenacity
from filelock import FileLock, Timeout

from pipelines.lib.files import sha256_file
from pipelines.lib.safe_input import ENV, InputLimits, InputRefused, check_archive

Progress = Callable[[int, int | None], None]  # (bytes so far, total bytes or None)

RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
USER_AGENT = "medpay-refresh/0.1 (+docs/operations.md)"


class DownloadError(Exception):
    """A download that did not produce a verified file. ``kind`` says why (see docs/operations.md)."""

    def __init__(self, kind: str, message: str, url: str | None = None):
        super().__init__(message)
        self.kind, self.message, self.url = kind, message, url


@dataclass(frozen=True)
class Policy:
    connect_timeout_s: float = 15.0
    read_timeout_s: float = 60.0  # longest silence tolerated mid-stream
    deadline_s: float = 1800.0  # whole download, all attempts
    retries: int = 4  # attempts after the first, for retryable failures
    backoff_s: float = 1.0  # first pause; doubles each retry
    backoff_max_s: float = 60.0
    chunk_bytes: int = 1 << 16


@dataclass(frozen=True)
class Result:
    path: Path
    url: str | None
    bytes: int
    sha256: str
    verified: bool  # the SHA-256 matched a known catalogue value
    resumed_from: int  # bytes kept from an earlier attempt (0 = started fresh)
    attempts: int
    already_present: bool = False


def part_path(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.part")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_complete(part: Path, dest: Path, expected_sha: str | None, limits: InputLimits) -> str:
    """SHA-256 of the finished part; raises (and removes the part) when it is not what it claims."""
    actual = sha256_file(part)
    if expected_sha and actual != expected_sha:
        part.unlink(missing_ok=True)
        raise DownloadError(
            "checksum",
            f"{dest.name}: SHA-256 {actual[:16]}... does not match the catalogue's {expected_sha[:16]}... "
            "(the file was discarded)",
        )
    if dest.suffix.lower() == ".zip" and not expected_sha:
        # every member inflated under the largest member cap and the ratio (a zip bomb is refused
        # here, after at most that many bytes, not at load time); nothing is kept
        try:
            check_archive(part, limits.ptp_member_bytes, ENV["ptp_member_bytes"], limits, label=dest.name)
        except InputRefused as err:
            part.unlink(missing_ok=True)
            raise DownloadError("unsafe_zip", f"{err} (the file was discarded)") from err
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:
            part.unlink(missing_ok=True)
            raise DownloadError(
                "not_a_zip",
                f"{dest.name}: the server sent something that is not a readable zip ({err}); "
                "a licence or error page? (the file was discarded)",
            ) from err
    return actual


class _Retry(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind, self.message = kind, message


def _attempt(
    client: httpx.Client, url: str, part: Path, max_bytes: int, policy: Policy, progress, deadline: float
) -> None:
    """One GET (resuming from the part's size); returns when the body is complete on disk."""
    offset = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={offset}-"} if offset else {}
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status in (404, 410):
            raise DownloadError(
                "not_found", f"{url} answered {status}: not there (check the catalogue URL)", url
            )
        if status == 416 and offset:  # our part is longer than the file: start over
            part.unlink(missing_ok=True)
            raise _Retry("range", f"{url} rejected resuming at byte {offset}; restarting")
        if status in RETRYABLE_STATUS:
            raise _Retry("http", f"{url} answered {status}")
        if status not in (200, 206):
            raise DownloadError("http", f"{url} answered {status} {response.reason_phrase}", url)
        if status == 206:
            start = int(response.headers.get("content-range", "bytes 0-").split()[1].split("-")[0])
            if start != offset:
                part.unlink(missing_ok=True)
                raise _Retry("range", f"{url} resumed at byte {start}, not {offset}; restarting")
        else:
            offset = 0  # the server ignored Range: rewrite from the start
        length = response.headers.get("content-length")
        total = offset + int(length) if length is not None else None
        if total is not None and total > max_bytes:
            part.unlink(missing_ok=True)
            raise DownloadError(
                "too_large", f"{url} is {total:,} bytes, over the {max_bytes:,}-byte limit", url
            )
        written = offset
        with open(part, "ab" if offset else "wb") as handle:
            for chunk in response.iter_bytes(policy.chunk_bytes):
                written += len(chunk)
                if written > max_bytes:
                    handle.close()
                    part.unlink(missing_ok=True)
                    raise DownloadError(
                        "too_large", f"{url} sent more than the {max_bytes:,}-byte limit", url
                    )
                handle.write(chunk)
                if time.monotonic() > deadline:  # a trickling server never trips the read timeout
                    raise _Retry(
                        "timeout", f"{url} still sending after the {policy.deadline_s:.0f} s deadline"
                    )
                if progress:
                    progress(written, total)
            handle.flush()
            os.fsync(handle.fileno())
        if total is not None and written != total:
            raise _Retry("connection", f"{url} ended after {written:,} of {total:,} bytes")


RETRYABLE = (_Retry, httpx.TimeoutException, httpx.TransportError)


def _failure(err: BaseException, url: str) -> tuple[str, str]:
    """(kind, message) of a retryable failure."""
    if isinstance(err, _Retry):
        return err.kind, err.message
    kind = "timeout" if isinstance(err, httpx.TimeoutException) else "connection"
    return kind, f"{url}: {type(err).__name__}: {err}"


def _fetch(client, url, part, max_bytes, policy, progress, started, sleep, tries: list[int]) -> None:
    """Attempts at one URL, retried with exponential backoff while within ``policy`` (retries and the
    whole download's deadline); ``tries`` gets the number of attempts made."""

    def past_deadline(state: tenacity.RetryCallState) -> bool:
        return time.monotonic() - started + state.upcoming_sleep > policy.deadline_s

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(RETRYABLE),
        wait=tenacity.wait_exponential(multiplier=policy.backoff_s, max=policy.backoff_max_s),
        stop=tenacity.stop_after_attempt(policy.retries + 1) | past_deadline,
        sleep=sleep,
    )
    try:
        retrying(_attempt, client, url, part, max_bytes, policy, progress, started + policy.deadline_s)
    except tenacity.RetryError as gave_up:
        err = gave_up.last_attempt.exception()
        kind, message = _failure(err, url)
        kept = part.stat().st_size if part.exists() else 0
        suffix = f"; {kept:,} bytes kept in {part.name} to resume" if kept else ""
        raise DownloadError(
            kind, f"{message} (gave up after {gave_up.last_attempt.attempt_number} attempt(s){suffix})", url
        ) from err
    finally:
        tries.append(retrying.statistics.get("attempt_number", 0))


def download(
    urls: list[str] | tuple[str, ...],
    dest: Path,
    *,
    sha256: str | None = None,
    max_bytes: int = 250 * 1024 * 1024,
    policy: Policy | None = None,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    limits: InputLimits | None = None,
) -> Result:
    """Fetch ``dest`` from the first URL that has it; see the module docstring for the guarantees."""
    policy = policy or Policy()
    if dest.exists():
        actual = sha256_file(dest)
        if sha256 and actual != sha256:
            raise DownloadError(
                "checksum",
                f"{dest} is already there but its SHA-256 differs from the catalogue's; left as is",
            )
        return Result(dest, None, dest.stat().st_size, actual, bool(sha256), 0, 0, already_present=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = part_path(dest)
    lock_path = part.with_name(f"{part.name}.lock")
    lock = FileLock(lock_path, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout as busy:
        raise DownloadError("busy", f"{part.name} is being written by another download") from busy
    try:
        return _download_locked(urls, dest, part, sha256, max_bytes, policy, progress, client, sleep, limits)
    finally:
        lock.release()
        lock_path.unlink(missing_ok=True)  # filelock retries a lock file unlinked under it


def _download_locked(urls, dest, part, sha256, max_bytes, policy, progress, client, sleep, limits=None) -> Result:
    resumed_from = part.stat().st_size if part.exists() else 0
    own_client = client is None
    client = client or httpx.Client(
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(policy.read_timeout_s, connect=policy.connect_timeout_s),
    )
    started, tries, last = time.monotonic(), [], None
    try:
        for url in urls:
            try:
                _fetch(client, url, part, max_bytes, policy, progress, started, sleep, tries)
            except DownloadError as err:
                if err.kind != "not_found":
                    raise
                last = err
                continue
            sha = _check_complete(part, dest, sha256, limits or InputLimits())
            os.replace(part, dest)
            _fsync_dir(dest.parent)
            return Result(dest, url, dest.stat().st_size, sha, bool(sha256), resumed_from, sum(tries))
        assert last is not None
        raise DownloadError(last.kind, f"{dest.name}: no catalogue URL has it ({last.message})", last.url)
    finally:
        if own_client:
            client.close()
