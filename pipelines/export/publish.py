"""Atomic export publishing: build into a new directory, verify, then switch the `current` link.

Layout under MEDPAY_EXPORT_DIR:
    builds/<build_id>/      one complete export each (codes/*.json, manifest.json, *.parquet, changes.json)
    current -> builds/<id>  symlink the website reads; replaced atomically (rename of a new link)
    previews/<build_id>/    the static HTML preview of a build (rendered from its documents; not served)
    preview -> previews/<id>  the live build's preview, switched with `current`
    intake/                 contributor error reports (not part of a build)
A build inside a pipeline run is verified and then *staged* (``builds/<id>.staged``): it is switched
live only when the whole run succeeds (the warehouse resource calls ``switch`` after publishing the
warehouse, ADR 0001), and discarded if the run fails. The previous build stays live until the new
one is verified and switched; the newest ``keep``
builds are kept for rollback. Old and failed builds are renamed into ``.trash/`` at once and deleted
by a detached background process: unlinking ~17k files takes about a minute on slow disks, which
must not hold up a run.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pipelines.lib.files import wait_for_lock

CURRENT = "current"
PREVIEW, PREVIEWS = "preview", "previews"
BUILDS = "builds"
TRASH = ".trash"


@contextmanager
def export_lock(export_root: Path, timeout_s: float = 600.0) -> Iterator[None]:
    """One exporter at a time per export dir (the pipeline and `medpay export` may overlap): a
    second one waits, so neither prunes the other's build in progress."""
    export_root.mkdir(parents=True, exist_ok=True)
    with open(export_root / ".export.lock", "a+") as handle:
        wait_for_lock(handle, timeout_s, str(export_root / ".export.lock"), poll_s=0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_build_dir(export_root: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    build = export_root / BUILDS / f"{stamp}.partial"
    build.mkdir(parents=True, exist_ok=False)
    return build


def current_build(export_root: Path) -> Path | None:
    link = export_root / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def sync_tree(folder: Path) -> None:
    """Make a build durable once, before it is staged or switched, instead of an fsync per file:
    syncfs(2) on its file system (Linux), else sync(2)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if getattr(libc, "syncfs", None) is None or libc.syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def stage(build: Path) -> Path:
    """Mark a verified build as waiting for its run to succeed (``.partial`` -> ``.staged``)."""
    staged = build.with_name(build.name.removesuffix(".partial") + ".staged")
    os.replace(build, staged)
    return staged


def staged_builds(export_root: Path) -> list[Path]:
    folder = export_root / BUILDS
    return sorted(folder.glob("*.staged")) if folder.is_dir() else []


def switch(export_root: Path, build: Path, keep: int = 3) -> Path:
    """Seal ``build`` (drop a .partial/.staged suffix), point `current` at it atomically, prune old builds."""
    sealed = build.with_name(build.name.removesuffix(".partial").removesuffix(".staged"))
    if sealed != build:
        os.replace(build, sealed)
    link = export_root / CURRENT
    tmp = export_root / f".{CURRENT}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(Path(BUILDS) / sealed.name, tmp)
    os.replace(tmp, link)
    _link_preview(export_root, sealed.name)
    prune(export_root, keep)
    return sealed


def preview_dir(export_root: Path, build: Path | str) -> Path:
    """Where the preview of ``build`` lives (by build id, whatever its .partial/.staged suffix)."""
    name = build if isinstance(build, str) else build.name
    return export_root / PREVIEWS / name.removesuffix(".partial").removesuffix(".staged")


def _link_preview(export_root: Path, build_id: str) -> None:
    """Point `<export root>/preview` at the live build's preview (atomically), or drop the link when
    that build has none, so the preview never shows another build than the live one."""
    link = export_root / PREVIEW
    target = preview_dir(export_root, build_id)
    if not target.is_dir():
        link.unlink(missing_ok=True)
        return
    tmp = export_root / f".{PREVIEW}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(Path(PREVIEWS) / target.name, tmp)
    os.replace(tmp, link)


def list_builds(export_root: Path) -> list[Path]:
    folder = export_root / BUILDS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.endswith((".partial", ".staged")))


def prune(export_root: Path, keep: int) -> None:
    live = current_build(export_root)
    builds = list_builds(export_root)
    old = [b for b in builds[: max(0, len(builds) - keep)] if b != live]
    dispose(export_root, [*old, *(export_root / BUILDS).glob("*.partial"), *staged_builds(export_root)])
    kept = {b.name for b in list_builds(export_root)}
    folder = export_root / PREVIEWS
    if folder.is_dir():
        dispose(export_root, [p for p in folder.iterdir() if p.is_dir() and p.name not in kept])


def discard(build: Path) -> None:
    """Drop a build that will never go live (failed verification, crashed), and its preview."""
    export_root = build.parent.parent
    dispose(export_root, [build, preview_dir(export_root, build)])


def dispose(export_root: Path, dirs: list[Path]) -> None:
    """Move ``dirs`` into .trash/ (an instant rename) and delete everything there in the background."""
    trash = export_root / TRASH
    trash.mkdir(parents=True, exist_ok=True)
    for folder in dirs:
        if folder.is_dir():
            os.replace(folder, trash / f"{folder.name}.{os.getpid()}.{datetime.now(UTC):%H%M%S%f}")
    leftovers = [str(p) for p in trash.iterdir()]
    if leftovers:
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import shutil, sys\nfor p in sys.argv[1:]: shutil.rmtree(p, True)",
                *leftovers,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


def rollback(export_root: Path, to: str | None = None) -> Path:
    """Point `current` at an earlier build (the one before the live one, or build id ``to``)."""
    builds = list_builds(export_root)
    live = current_build(export_root)
    if to is not None:
        target = export_root / BUILDS / to
        if target not in builds:
            raise FileNotFoundError(f"no export build {to!r}; available: {[b.name for b in builds]}")
    else:
        older = [b for b in builds if live is None or b.name < live.name]
        if not older:
            raise FileNotFoundError("no earlier export build to roll back to")
        target = older[-1]
    link = export_root / CURRENT
    tmp = export_root / f".{CURRENT}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(Path(BUILDS) / target.name, tmp)
    os.replace(tmp, link)
    _link_preview(export_root, target.name)
    return target
