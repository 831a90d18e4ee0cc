"""The CMS release catalogue (raw/cms/releases.toml): which releases exist, where to get them.

Pure Python (tomllib): no Dagster, no network. Release ids follow CMS naming: RVU releases
``RVU25A`` .. ``RVU25D`` (+ ``R`` for a correction), NCCI quarters ``2025Q4``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pipelines.lib.paths import Paths, resolve

RVU_ID = re.compile(r"^RVU(\d{2})([A-D])(R\d?)?$")
NCCI_ID = re.compile(r"^(\d{4})Q([1-4])$")
QUARTER_LETTERS = "ABCD"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
DEFAULT_MAX_BYTES = 250 * 1024 * 1024


class CatalogueError(ValueError):
    """The catalogue file is malformed (names the entry and what is wrong)."""


@dataclass(frozen=True)
class CatalogueFile:
    name: str
    urls: tuple[str, ...]
    sha256: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Release:
    kind: str  # "rvu" | "ncci"
    id: str
    effective_from: date
    landing: str  # relative to raw/cms/; a trailing "/" means a folder of all the files
    files: tuple[CatalogueFile, ...]
    is_correction: bool = False
    note: str | None = None

    @property
    def is_folder(self) -> bool:
        return self.landing.endswith("/")

    def landing_path(self, paths: Paths) -> Path:
        return paths.cms_dir / self.landing.rstrip("/")

    @property
    def verified(self) -> bool:
        return all(f.sha256 for f in self.files)


def catalogue_path(paths: Paths) -> Path:
    """``paths.catalogue`` ($MEDPAY_CATALOGUE), else raw/cms/releases.toml of the raw dir, else the repo's."""
    if paths.catalogue is not None:
        return paths.catalogue
    configured = paths.cms_dir / "releases.toml"
    return configured if configured.exists() else resolve("raw/cms/releases.toml")


def classify(release_id: str) -> str | None:
    """'rvu' or 'ncci' when ``release_id`` follows the CMS naming pattern, else None."""
    if RVU_ID.match(release_id):
        return "rvu"
    if NCCI_ID.match(release_id):
        return "ncci"
    return None


def base_id(release_id: str) -> str:
    """Catalogue id of a loaded release: ``RVU26A_QPP`` / ``RVU26A_NONQPP`` -> ``RVU26A`` (one zip holds both)."""
    return re.sub(r"_(NON)?QPP$", "", release_id.upper())


def variant(release_id: str) -> str | None:
    """PPRRVU track of a loaded release id ('QPP' / 'NONQPP'), None before 2026 (serves both)."""
    match = re.search(r"_((?:NON)?QPP)$", release_id.upper())
    return match.group(1) if match else None


def normalise_id(text: str) -> str:
    """``rvu25d`` -> ``RVU25D``, ``2025q4`` -> ``2025Q4`` (ids are matched case-insensitively)."""
    return text.strip().upper()


def _release(kind: str, entry: dict, defaults: dict, where: str) -> Release:
    rid = entry.get("id")
    if not isinstance(rid, str) or classify(rid) != kind:
        raise CatalogueError(f"{where}: id {rid!r} is not a {kind.upper()} release id")
    effective = entry.get("effective_from")
    if not isinstance(effective, date):
        raise CatalogueError(f"{where} ({rid}): effective_from must be a TOML date (yyyy-mm-dd)")
    landing = entry.get("landing")
    if not isinstance(landing, str) or not landing or landing.startswith(("/", ".")) or ".." in landing:
        raise CatalogueError(f"{where} ({rid}): landing must be a path relative to raw/cms/")
    files = []
    for raw in entry.get("files") or []:
        urls = tuple(raw.get("urls") or ())
        sha = raw.get("sha256")
        if not raw.get("name") or "/" in raw["name"] or not urls:
            raise CatalogueError(f"{where} ({rid}): every file needs a plain name and at least one URL")
        if sha is not None and not SHA256.match(sha):
            raise CatalogueError(f"{where} ({rid}): sha256 of {raw['name']} is not 64 lower-case hex digits")
        max_bytes = int(raw.get("max_bytes", defaults.get("max_bytes", DEFAULT_MAX_BYTES)))
        files.append(CatalogueFile(raw["name"], urls, sha, max_bytes))
    if not files:
        raise CatalogueError(f"{where} ({rid}): no files")
    if len(files) > 1 and not landing.endswith("/"):
        raise CatalogueError(f"{where} ({rid}): several files need a folder landing ending in '/'")
    match = RVU_ID.match(rid)
    return Release(
        kind=kind,
        id=rid,
        effective_from=effective,
        landing=landing,
        files=tuple(files),
        is_correction=bool(match and match.group(3)),
        note=entry.get("note"),
    )


def load_catalogue(path: Path) -> dict[str, Release]:
    """Every catalogued release by id (RVU and NCCI) in ``path`` (``catalogue_path(paths)``); raises
    CatalogueError naming a bad entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise CatalogueError(f"no release catalogue at {path}") from err
    except tomllib.TOMLDecodeError as err:
        raise CatalogueError(f"{path}: not valid TOML ({err})") from err
    defaults = data.get("defaults") or {}
    out: dict[str, Release] = {}
    for kind in ("rvu", "ncci"):
        for i, entry in enumerate(data.get(kind) or []):
            release = _release(kind, entry, defaults, f"{path.name} [[{kind}]] #{i + 1}")
            if release.id in out:
                raise CatalogueError(f"{path.name}: release {release.id} is listed twice")
            out[release.id] = release
    return out


def catalogued_effective_from(release_id: str, catalogue: dict[str, Release]) -> date | None:
    """``effective_from`` the catalogue lists for a loaded RVU release id (``RVU26A_QPP`` is listed as
    ``RVU26A``), or None when it is not listed."""
    entry = catalogue.get(base_id(release_id))
    return entry.effective_from if entry is not None and entry.kind == "rvu" else None


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def expected_ids(today: date, lead_days: int = 30) -> list[str]:
    """Release ids CMS should have published by ``today``: this quarter's, and the next quarter's
    once it starts within ``lead_days`` (CMS publishes RVU and NCCI files a few weeks ahead)."""
    starts = [quarter_start(today)]
    upcoming = quarter_start(today + timedelta(days=lead_days))
    if upcoming != starts[0]:
        starts.append(upcoming)
    ids = []
    for start in starts:
        q = (start.month - 1) // 3
        ids += [f"RVU{start.year % 100:02d}{QUARTER_LETTERS[q]}", f"{start.year}Q{q + 1}"]
    return ids


def uncatalogued(catalogue: dict[str, Release], today: date, extra_ids: list[str] = ()) -> list[str]:
    """Ids that follow the CMS naming pattern (expected by date, or seen in raw/) but are not listed."""
    seen = {normalise_id(i) for i in [*expected_ids(today), *extra_ids] if classify(normalise_id(i))}
    return sorted(i for i in seen if i not in catalogue)
