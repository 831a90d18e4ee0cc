"""Shared fixtures: every test gets its own raw dir, warehouse and export dir under tmp_path."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest
from warehouse_backend import location

from pipelines.lib.paths import REPO_ROOT, Paths
from pipelines.resources import PathsResource, resources

REPO_RAW = REPO_ROOT / "raw"
FIXTURES = Path(__file__).parent / "fixtures"

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
