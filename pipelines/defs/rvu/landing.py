"""What has landed in raw/cms/rvu/ (release folders or CMS zips) and which releases need (re)loading.

A landing is one entry of the folder whose name carries a release id (``RVU25D/``, ``rvu25d.zip``).
Its fingerprint is the SHA-256 over its files' names and contents; a release is loaded when the
published warehouse holds no ``releases`` row with that id and fingerprint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.lib.files import sha256_file
from pipelines.lib.landings import in_progress
from pipelines.lib.paths import Paths
from pipelines.lib.sql import run_sql
from pipelines.lib.warehouse import connect_published


@dataclass(frozen=True)
class Landing:
    release_ids: tuple[str, ...]  # one, or from 2026 one per PPRRVU variant (RVU26A_NONQPP, RVU26A_QPP)
    path: Path
    # (name relative to raw/cms/rvu/, size in bytes, mtime in ns) of every file of the landing
    files: tuple[tuple[str, int, int], ...]

    @property
    def is_zip(self) -> bool:
        return self.path.is_file()


def _release_ids(entry: Path) -> tuple[str, ...]:
    from pipelines.parsing.cms_rvu import NotACmsRelease, release_id_from_name, release_variants

    base = release_id_from_name(entry.name)
    if base is None:
        return ()
    try:
        return tuple(release_variants(entry)) or (base,)
    except NotACmsRelease:  # unreadable zip: still a landing, its load refuses it with the reason
        return (base,)


def _files(entry: Path, root: Path) -> tuple[tuple[str, int, int], ...]:
    found = [entry] if entry.is_file() else sorted(p for p in entry.rglob("*") if p.is_file())
    out = []
    for path in found:
        if in_progress(path.relative_to(root).as_posix()):
            continue
        stat = path.stat()
        out.append((path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def scan(rvu_dir: Path) -> list[Landing]:
    """Every release folder or zip in ``rvu_dir`` (hidden entries and unrelated names are ignored)."""
    if not rvu_dir.is_dir():
        return []
    landings = []
    for entry in sorted(rvu_dir.iterdir()):
        if in_progress(entry.name) or not (entry.is_dir() or entry.suffix.lower() == ".zip"):
            continue
        release_ids = _release_ids(entry)
        if release_ids:
            landings.append(Landing(release_ids, entry, _files(entry, rvu_dir)))
    return landings


def locate(rvu_dir: Path, release_id: str) -> Landing:
    """The one landing of ``release_id``; a missing or doubly landed release is a clear error."""
    matches = [landing for landing in scan(rvu_dir) if release_id in landing.release_ids]
    if not matches:
        raise FileNotFoundError(
            f"release {release_id} has no folder or zip in {rvu_dir} (expected e.g. {release_id}/ "
            f"or {release_id.lower()}.zip)"
        )
    if len(matches) > 1:
        names = ", ".join(m.path.name for m in matches)
        raise ValueError(f"release {release_id} landed more than once in {rvu_dir} ({names}): keep one")
    return matches[0]


def fingerprint(landing: Landing, rvu_dir: Path) -> str:
    """SHA-256 over (name, SHA-256) of every file of the landing: changes when any byte changes."""
    digest = hashlib.sha256()
    for name, _size, _mtime in landing.files:
        digest.update(f"{name}\0{sha256_file(rvu_dir / name)}\n".encode())
    return digest.hexdigest()


def loaded_fingerprints(warehouse: Path | None = None) -> dict[str, str]:
    """release_id -> landing fingerprint of every release in the published warehouse."""
    try:
        conn = connect_published(str(warehouse) if warehouse else None)
    except FileNotFoundError:
        return {}
    try:
        rows = run_sql(conn, "rvu/loaded_releases").fetchall()
    except duckdb.CatalogException:  # a warehouse without releases yet
        rows = []
    finally:
        conn.close()
    return dict(rows)


def not_loaded(found: Landing, rvu_dir: Path, loaded: dict[str, str]) -> list[str]:
    """Release ids of ``found`` the published warehouse (``loaded``: loaded_fingerprints) lacks with
    these bytes: the one decision `medpay run` and the landing sensor both make."""
    digest = fingerprint(found, rvu_dir)
    return [rid for rid in found.release_ids if loaded.get(rid) != digest]


def releases_to_load(paths: Paths, force: bool = False) -> list[str]:
    """Release ids landed in raw/cms/rvu/ that the published warehouse lacks (with these bytes), or all."""
    landings = scan(paths.rvu_dir)
    if force:
        return sorted({rid for found in landings for rid in found.release_ids})
    loaded = loaded_fingerprints(paths.warehouse)
    return sorted({rid for found in landings for rid in not_loaded(found, paths.rvu_dir, loaded)})
