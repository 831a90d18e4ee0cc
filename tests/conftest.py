"""Shared fixtures: every test gets its own raw dir, warehouse and export dir under tmp_path."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest
from warehouse_backend import location

from pipelines.lib.paths import REPO_ROOT, Paths

REPO_RAW = REPO_ROOT / "raw"
FIXTURES = Path(__file__).parent / "fixtures"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture
def medpay_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """MEDPAY_* pointed at tmp_path (raw dir empty but for its layout); returns the Paths."""
    raw = tmp_path / "raw"
    for sub in ("cms/rvu", "cms/ncci", "reports", "reference"):
        (raw / sub).mkdir(parents=True)
    monkeypatch.setenv("MEDPAY_RAW_DIR", str(raw))
    monkeypatch.setenv("MEDPAY_WAREHOUSE", str(location(tmp_path / "warehouse")))
    monkeypatch.setenv("MEDPAY_EXPORT_DIR", str(tmp_path / "warehouse" / "exports"))
    (tmp_path / "warehouse").mkdir()
    return Paths.from_env()


@pytest.fixture(scope="session")
def rvu26_layout() -> ModuleType:
    """tests/fixtures/rvu26/build.py: builds the CY2026 PPRRVU LAYOUT FIXTURE release (the real 2026
    header lines, RVU25D rows; never CMS's 2026 values). Loaded by path (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("rvu26_layout_fixture", FIXTURES / "rvu26" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
