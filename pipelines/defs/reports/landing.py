"""What has landed in raw/reports/, the partition key of each file, and which files need intake.

A file is complete by the one landing rule (pipelines/lib/landings.py): no in-progress name, and for
the sensor the same size and mtime as at its previous tick. A file needs intake unless the published
warehouse holds an intake of the same name and SHA-256: an identical re-delivery is taken in once,
whichever path (`medpay run` or the sensor) saw it first. A file whose NAME looks like patient
information is never a landing (pipelines/intake/file_names.py): it is moved to
raw/reports/rejected_names/ and reported without its name.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipelines.intake.file_names import name_phi_kinds, refuse_phi_names, waiting_notices
from pipelines.intake.retention import PROCESSED, RetentionPolicy, apply_retention, published_intakes
from pipelines.lib.landings import in_progress
from pipelines.lib.paths import Paths
from pipelines.lib.safe_input import InputLimits

UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def partition_key(name: str) -> str:
    """The file name when it is made of safe characters, else a sanitised name plus a short hash."""
    key = UNSAFE.sub("_", name)
    if key != name or len(key) > 120:
        key = f"{key[:100]}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    return key


def is_complete(path: Path) -> bool:
    return path.is_file() and not in_progress(path.name)


def refuse_names(reports_dir: Path, policy: RetentionPolicy) -> list[tuple[str, ...]]:
    """Move landed files whose name has a PHI finding to rejected_names/ (their finding kinds, no names)."""
    return refuse_phi_names(reports_dir, policy.phi_days)


def scan(reports_dir: Path) -> list[Path]:
    """Complete files directly in raw/reports/ (processed/ and other folders are not landings).

    A file whose name looks like patient information is never listed: it never becomes a partition.
    """
    if not reports_dir.is_dir():
        return []
    return sorted(p for p in reports_dir.iterdir() if is_complete(p) and not name_phi_kinds(p.name))


def locate(reports_dir: Path, key: str) -> Path:
    """The landed file of partition ``key`` (raw/reports/, else raw/reports/processed/)."""
    for folder in (reports_dir, reports_dir / PROCESSED):
        for path in scan(folder):
            if partition_key(path.name) == key:
                return path
    raise FileNotFoundError(
        f"no report file for partition {key!r} in {reports_dir} (or its {PROCESSED}/ folder)"
    )


def loaded_versions(warehouse: Path) -> set[tuple[str, str]]:
    """(file name, sha256) of every intake in the published warehouse."""
    return set(published_intakes(warehouse))


def report_files_to_load(
    paths: Paths,
    force: bool = False,
    policy: RetentionPolicy | None = None,
    limits: InputLimits | None = None,
) -> list[str]:
    """Partition keys of landed files not yet taken in with these bytes (all of them with ``force``).

    First applies the retention ``policy`` to files whose intake is already published (retention.py)
    and moves files whose name looks like patient information to rejected_names/ (never read).
    ``policy`` and ``limits`` come from the resources (RetentionResource, InputLimitsResource).
    """
    policy = policy or RetentionPolicy()
    apply_retention(paths.reports_dir, paths.warehouse, policy)
    refuse_names(paths.reports_dir, policy)
    return not_loaded(paths, scan(paths.reports_dir), force, limits)


def not_loaded(
    paths: Paths, files: list[Path], force: bool = False, limits: InputLimits | None = None
) -> list[str]:
    """Partition keys of ``files`` whose (name, SHA-256) the published warehouse has not taken in. A file
    over the size limit (``limits``, default InputLimits()) is never hashed: its run refuses it by its size."""
    from pipelines.lib.files import sha256_file

    loaded = set() if force or not files else loaded_versions(paths.warehouse)
    too_big = (limits or InputLimits()).report_file_bytes
    return [
        partition_key(path.name)
        for path in files
        if force or path.stat().st_size > too_big or (path.name, sha256_file(path)) not in loaded
    ]


def name_notices(paths: Paths) -> list[str]:
    """For `medpay run`: files waiting in raw/reports/rejected_names/ (a count and finding kinds, no names)."""
    return waiting_notices(paths.reports_dir)
