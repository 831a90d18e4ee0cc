"""Shared fixtures: every test gets its own raw dir, warehouse and export dir under tmp_path; the real
CMS releases are parsed and loaded ONCE per session into one shared warehouse (``releases_db``, and
``pricing_db`` on top of it), opened read-only by the tests that only read it and copied
(``shutil.copyfile``, e.g. ``publish_loaded`` in tests/rvu) by the tests that write."""

from __future__ import annotations

import importlib.util
import os
import shutil
from datetime import datetime
from pathlib import Path
from types import ModuleType

import duckdb
import pytest
from warehouse_backend import location

from pipelines.lib.paths import REPO_ROOT, Paths
from pipelines.resources import PathsResource, resources

REPO_RAW = REPO_ROOT / "raw"
RVU_RAW = REPO_RAW / "cms" / "rvu"
ZIP5 = REPO_RAW / "cms" / "zip_locality" / "ZPLC_OCT2025" / "ZIP5_OCT2025.txt"
FIXTURES = Path(__file__).parent / "fixtures"
RELEASES = ("RVU25D", "RVU25A")  # the real releases in raw/cms/rvu/, loaded in this order
LOADED_AT = datetime(2025, 11, 1)

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture
def medpay_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """Locations under tmp_path (raw dir empty but for its layout); returns the Paths.

    Runs given ``medpay_resources`` use them through the resources. The MEDPAY_* path variables are
    also set, once, here: the ``medpay`` commands the tests invoke, and jobs run with the
    definitions' own bindings, read their locations from the environment, as in production."""
    raw = tmp_path / "raw"
    for sub in ("cms/rvu", "cms/ncci", "reports", "reference"):
        (raw / sub).mkdir(parents=True)
    located = PathsResource(
        raw_dir=str(raw),
        warehouse=str(location(tmp_path / "warehouse")),
        export_dir=str(tmp_path / "warehouse" / "exports"),
    )
    for name, variable in PathsResource.ENV.items():
        if getattr(located, name) is not None:
            monkeypatch.setenv(variable, getattr(located, name))
    (tmp_path / "warehouse").mkdir()
    return located.paths


@pytest.fixture
def medpay_resources(medpay_paths: Paths) -> dict:
    """The configuration resources of a run at ``medpay_paths`` (pass overrides with ``resources``)."""
    return resources(paths=PathsResource.of(medpay_paths))


@pytest.fixture(scope="session")
def rvu26_layout() -> ModuleType:
    """tests/fixtures/rvu26/build.py: builds the CY2026 PPRRVU LAYOUT FIXTURE release (the real 2026
    header lines, RVU25D rows; never CMS's 2026 values). Loaded by path (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("rvu26_layout_fixture", FIXTURES / "rvu26" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def parsed_releases():
    """The real RVU25D and RVU25A releases, parsed by the production parser once per session (LOCCO
    counties mapped to FIPS with the real Census list, as the RVU job does): the same cached parses
    the tests/parsing modules use (parsing/cms_support.py)."""
    from parsing.cms_support import release

    return {rid: release(rid) for rid in RELEASES}


@pytest.fixture(scope="session")
def releases_db(tmp_path_factory: pytest.TempPathFactory, parsed_releases) -> Path:
    """THE shared warehouse: both real releases loaded by the production loader with their real landing
    fingerprints. Open it read-only, or copy the file to write to it."""
    from pipelines.defs.rvu.landing import fingerprint, locate
    from pipelines.defs.rvu.load import load_release

    path = tmp_path_factory.mktemp("releases") / "medpay.duckdb"
    with duckdb.connect(str(path)) as conn:
        for rid, parsed in parsed_releases.items():
            digest = fingerprint(locate(RVU_RAW, rid), RVU_RAW)
            load_release(conn, parsed, landing_sha256=digest, loaded_at=LOADED_AT)
    return path


@pytest.fixture(scope="session")
def pricing_db(tmp_path_factory: pytest.TempPathFactory, releases_db: Path) -> Path:
    """A copy of ``releases_db`` plus the real CMS ZIP5 file, the payment view and the price macro
    (pipelines.pricing.install). Read-only too."""
    import polars as pl

    from pipelines.lib.sql import run_sql_with_frame
    from pipelines.parsing.reference import read_zip_locality
    from pipelines.pricing.install import install

    path = tmp_path_factory.mktemp("pricing") / "medpay.duckdb"
    shutil.copyfile(releases_db, path)
    with duckdb.connect(str(path)) as conn:
        frame = read_zip_locality(ZIP5).with_columns(pl.lit(ZIP5.name).alias("source_file"))
        run_sql_with_frame(conn, "reference/zip_locality", frame)
        install(conn)
    return path
