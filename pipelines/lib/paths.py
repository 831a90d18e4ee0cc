"""One root, overridable: every path the pipeline touches is resolved here, at call time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_DIR.parent
SQL_DIR = REPO_ROOT / "sql"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
CONTRACTS_DIR = PACKAGE_DIR / "contracts"
# The code page contract the export writes (v1 is retired: the website moved to v2 with the pipeline).
CODE_PAGE_CONTRACT = "code_page.v2"
CODE_PAGE_SCHEMA = CONTRACTS_DIR / f"{CODE_PAGE_CONTRACT}.schema.json"

DEFAULTS = {
    "MEDPAY_RAW_DIR": "raw",
    "MEDPAY_WAREHOUSE": "warehouse/medpay.duckdb",
    "MEDPAY_EXPORT_DIR": "warehouse/exports",
}


def home() -> Path:
    """The directory relative paths resolve against: MEDPAY_HOME, else the repository root."""
    return Path(os.environ.get("MEDPAY_HOME", REPO_ROOT)).resolve()


def resolve(value: str | os.PathLike[str]) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else home() / path


def dagster_storage() -> Path:
    """$MEDPAY_DAGSTER_STORAGE, default <MEDPAY_HOME>/.dagster: where dagster.yaml puts the instance."""
    return resolve(os.environ.get("MEDPAY_DAGSTER_STORAGE") or ".dagster")


def dagster_env() -> None:
    """Give the Dagster instance its documented defaults (DAGSTER_HOME: MEDPAY_HOME / the repository
    root, holding dagster.yaml; MEDPAY_DAGSTER_STORAGE: .dagster/ under it) when they are unset."""
    os.environ.setdefault("DAGSTER_HOME", str(home()))
    os.environ.setdefault("MEDPAY_DAGSTER_STORAGE", str(dagster_storage()))


LAKE_PREFIX = "ducklake:"


def location(value: str | os.PathLike[str]) -> Path:
    """A path setting resolved; a DuckLake warehouse (``ducklake:<catalog>``) keeps its prefix in front
    of the resolved catalog path (pipelines/lib/backend.py reads it)."""
    text = str(value)
    if text.startswith(LAKE_PREFIX):
        return Path(LAKE_PREFIX + str(resolve(text.removeprefix(LAKE_PREFIX))))
    return resolve(text)


def setting(name: str) -> Path:
    """Resolve one of the MEDPAY_* path settings from the environment (or its default). Used by
    ``pipelines.resources.PathsResource`` and, for MEDPAY_WAREHOUSE, by the Warehouse resource."""
    return location(os.environ.get(name) or DEFAULTS[name])


@dataclass(frozen=True)
class Paths:
    """Resolved locations; built by ``pipelines.resources.PathsResource`` (MEDPAY_RAW_DIR, ...)."""

    raw_dir: Path
    warehouse: Path
    export_dir: Path
    catalogue: Path | None = None  # the release catalogue when set explicitly (MEDPAY_CATALOGUE)

    @property
    def cms_dir(self) -> Path:
        return self.raw_dir / "cms"

    @property
    def rvu_dir(self) -> Path:
        return self.raw_dir / "cms" / "rvu"

    @property
    def ncci_dir(self) -> Path:
        return self.raw_dir / "cms" / "ncci"

    @property
    def reports_dir(self) -> Path:
        return self.raw_dir / "reports"

    @property
    def reference_dir(self) -> Path:
        return self.raw_dir / "reference"
