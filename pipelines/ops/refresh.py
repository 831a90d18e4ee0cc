"""Which catalogued releases are missing, and fetching them into raw/cms/ (the landing sensors load them).

A release is missing when it has not landed in raw/cms/ (no folder, zip or file for it) and the
published warehouse does not hold it either. Fetching a release writes nothing under its final
name until every file of it is complete and verified (a folder landing is renamed into place whole).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipelines.lib.paths import Paths
from pipelines.lib.safe_input import InputLimits
from pipelines.ops.catalogue import Release, base_id, classify, normalise_id
from pipelines.ops.download import DownloadError, Policy, Result, download

FileProgress = Callable[[str, int, int | None], None]  # (file name, bytes so far, total or None)


@dataclass
class FetchOutcome:
    release_id: str
    status: str  # "downloaded" | "present" | "failed"
    landing: Path
    files: list[Result] = field(default_factory=list)
    error: str | None = None
    error_kind: str | None = None

    @property
    def unverified(self) -> list[str]:
        return [r.path.name for r in self.files if not r.verified]


def landed_ids(paths: Paths) -> set[str]:
    """Release ids present in raw/cms/: RVU folders/zips named like the id, NCCI quarters by file name."""
    found: set[str] = set()
    if paths.rvu_dir.is_dir():
        for entry in paths.rvu_dir.iterdir():
            stem = entry.name[:-4] if entry.name.lower().endswith(".zip") else entry.name
            rid = base_id(normalise_id(stem))  # RVU26A_QPP/ and RVU26A_NONQPP/ land release RVU26A
            if not entry.name.startswith(".") and classify(rid) == "rvu":
                found.add(rid)
    if paths.ncci_dir.is_dir():
        from pipelines.parsing.ncci_files import NcciFileError
        from pipelines.parsing.ncci_files import classify as ncci_classify

        for path in paths.ncci_dir.rglob("*"):
            if not path.is_file() or any(p.startswith(".") for p in path.relative_to(paths.ncci_dir).parts):
                continue
            try:
                recognised = ncci_classify(path)
            except NcciFileError:
                continue
            if recognised is not None:
                found.add(recognised.quarter)
    return found


def missing_releases(
    catalogue: dict[str, Release], paths: Paths, loaded: set[str], only: list[str] | None = None
) -> list[Release]:
    """Catalogued releases neither landed in raw/cms/ nor loaded, in effective-date order."""
    present = landed_ids(paths) | loaded
    wanted = [catalogue[i] for i in only] if only is not None else list(catalogue.values())
    out = [r for r in wanted if r.id not in present and not r.landing_path(paths).exists()]
    return sorted(out, key=lambda r: (r.effective_from, r.kind, r.id))


def _clear(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def fetch_release(
    release: Release,
    paths: Paths,
    *,
    policy: Policy | None = None,
    progress: FileProgress | None = None,
    client=None,
    sleep=None,
    limits: InputLimits | None = None,
) -> FetchOutcome:
    """Download every file of ``release`` into its landing; never raises for a download failure."""
    landing = release.landing_path(paths)
    outcome = FetchOutcome(release.id, "present", landing)
    if landing.exists():
        return outcome
    # a folder landing is assembled in a hidden sibling and renamed into place when complete
    target_dir = landing.parent / f".{landing.name}.part" if release.is_folder else landing.parent
    extra = {"sleep": sleep} if sleep else {}
    try:
        for spec in release.files:
            dest = target_dir / spec.name if release.is_folder else landing
            report = (lambda done, total, n=spec.name: progress(n, done, total)) if progress else None
            result = download(
                spec.urls,
                dest,
                sha256=spec.sha256,
                max_bytes=spec.max_bytes,
                policy=policy,
                progress=report,
                client=client,
                limits=limits,
                **extra,
            )
            outcome.files.append(result)
        if release.is_folder:
            landing.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target_dir, landing)
            outcome.files = [replace(r, path=landing / r.path.name) for r in outcome.files]
        outcome.status = "downloaded"
    except DownloadError as err:
        outcome.status, outcome.error, outcome.error_kind = "failed", err.message, err.kind
        if release.is_folder and err.kind in {"checksum", "not_a_zip", "too_large", "not_found"}:
            _clear(target_dir)  # nothing to resume: drop the half-assembled folder
    return outcome


@dataclass
class RefreshPlan:
    missing: list[Release]
    uncatalogued: list[str]  # ids CMS should have published by now (or seen in raw/) but not catalogued
    loaded: set[str]


def plan(paths: Paths, catalogue: dict[str, Release], today, loaded: set[str] | None = None) -> RefreshPlan:
    """What a refresh would download today, and which expected release ids the catalogue lacks."""
    from pipelines.ops.catalogue import uncatalogued
    from pipelines.ops.state import read_state

    loaded = read_state(paths.warehouse).loaded_ids() if loaded is None else loaded
    present = landed_ids(paths)
    return RefreshPlan(
        missing=missing_releases(catalogue, paths, loaded),
        uncatalogued=uncatalogued(catalogue, today, sorted(present | loaded)),
        loaded=loaded,
    )
