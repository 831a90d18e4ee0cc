"""Cached parses of the real CMS releases in raw/cms/rvu/, shared by the test_cms_* modules and the
session fixtures of tests/conftest.py (parsed_releases -> releases_db -> pricing_db)."""

from __future__ import annotations

import zipfile
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.lib.paths import REPO_ROOT
from pipelines.parsing.cms_rvu import ParsedRelease, read_release
from pipelines.parsing.reference import read_census_counties

RVU_DIR = REPO_ROOT / "raw" / "cms" / "rvu"
RVU25D = RVU_DIR / "RVU25D"
RVU25A = RVU_DIR / "RVU25A"
CENSUS = REPO_ROOT / "raw" / "reference" / "census" / "national_county.txt"


@cache
def census() -> pl.DataFrame:
    return read_census_counties(CENSUS)


@cache
def release(name: str) -> ParsedRelease:
    return read_release(RVU_DIR / name, census=census())


def zip_folder(folder: Path, target: Path, *, only: list[str] | None = None) -> Path:
    """Zip a release folder the way CMS ships it (flat members)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            if only is None or path.name in only:
                archive.write(path, path.name)
    return target


def copy_release(folder: Path, target: Path, names: list[str]) -> Path:
    """A release folder holding copies of some of ``folder``'s files."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        (target / name).write_bytes((folder / name).read_bytes())
    return target
