"""One sample run per session on the real raw/ sample cut down to ~450 codes (so the suite stays fast),
plus a small NCCI fixture quarter: the main job's stages (`run_pipeline`: reference, NCCI, reports,
refresh_job with the export), except that the cut RVU releases are loaded with the production parser
and loader directly (the RVU job's GX suite rightly refuses a release of 450 rows). Tests that change
anything work on copies (``scratch``)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import dagster as dg
import pytest
from warehouse_backend import clone, connect, edit, location

from pipelines.defs.ncci.landing import quarters_to_load
from pipelines.defs.rvu.load import load_release
from pipelines.lib.paths import REPO_ROOT, Paths
from pipelines.lib.runner import STAGES, RunOutcome, Stage, run_pipeline
from pipelines.parsing.cms_rvu import read_release
from pipelines.resources import PathsResource, resources

RAW = REPO_ROOT / "raw"
NCCI_FIXTURE = Path(__file__).parents[1] / "fixtures" / "exports" / "ncci" / "2025Q4"
NCCI_STAGE = Stage("NCCI quarters", "ncci_quarter_job", "ncci_quarter", quarters_to_load)
# Codes kept from the real PPRRVU files: every code of the synthetic report sample, the NCCI fixture's
# codes, the one component-only code (86153), PC/TC and payment changes between RVU25A and RVU25D
# (61715 A->C, G9037/G9038 A->I fell; 0446T/0448T rose), plus every 50th code of RVU25D.
KEEP = {
    *"97110 99213 97545 20610 71046 97140 G0283 99214 97530 J1100 27447 64483 97035 99457".split(),
    *"97150 20611 27370 71045 97124 99215 99212 99211".split(),
    *"86153 61715 G9037 G9038 0446T 0448T G0562 G0564 93010 93005".split(),
}
HEADER_LINES = 10  # 9 preamble lines + the header row (SOURCES.md)


@dataclass
class SampleRun:
    paths: Paths
    outcomes: list[RunOutcome]
    codes: set[str]

    @property
    def warehouse(self) -> Path:
        return self.paths.warehouse


def _cut_pprrvu(src: Path, dest: Path, keep: set[str]) -> set[str]:
    """Copy a PPRRVU CSV keeping its preamble/header and the rows of ``keep`` (bytes untouched)."""
    lines = src.read_bytes().splitlines(keepends=True)
    kept = [line for line in lines[HEADER_LINES:] if line.split(b",", 1)[0].decode("latin-1") in keep]
    dest.write_bytes(b"".join(lines[:HEADER_LINES] + kept))
    return {line.split(b",", 1)[0].decode("latin-1") for line in kept}


def _sample_raw(raw: Path) -> set[str]:
    rvu_d = RAW / "cms" / "rvu" / "RVU25D"
    lines = (rvu_d / "PPRRVU2025_Oct.csv").read_bytes().splitlines()[HEADER_LINES:]
    codes = sorted({line.split(b",", 1)[0].decode("latin-1") for line in lines if line.strip()})
    keep = KEEP | set(codes[::50])
    (raw / "cms" / "rvu" / "RVU25D").mkdir(parents=True)
    (raw / "cms" / "rvu" / "RVU25A").mkdir(parents=True)
    kept = _cut_pprrvu(
        rvu_d / "PPRRVU2025_Oct.csv", raw / "cms" / "rvu" / "RVU25D" / "PPRRVU2025_Oct.csv", keep
    )
    for name in ("GPCI2025.csv", "25LOCCO.csv", "ANES2025.csv", "OPPSCAP_Oct.csv"):
        shutil.copyfile(rvu_d / name, raw / "cms" / "rvu" / "RVU25D" / name)
    _cut_pprrvu(
        RAW / "cms" / "rvu" / "RVU25A" / "PPRRVU25_JAN1.csv",
        raw / "cms" / "rvu" / "RVU25A" / "PPRRVU25_JAN1.csv",
        keep,
    )
    shutil.copytree(RAW / "cms" / "zip_locality", raw / "cms" / "zip_locality")
    shutil.copytree(RAW / "reference", raw / "reference")
    shutil.copytree(RAW / "reports", raw / "reports")
    shutil.copytree(NCCI_FIXTURE, raw / "cms" / "ncci" / "2025Q4")
    return kept


def stages() -> list[Stage]:
    """The main job's stages after the RVU one, with the NCCI stage if the runner lacks it."""
    out = [s for s in STAGES if s.partitions_def != "rvu_release" and s.job != "reference_job"]
    if not any(s.job == NCCI_STAGE.job for s in out):
        out.insert(0, NCCI_STAGE)
    return out


def load_cut_releases(paths: Paths) -> None:
    with edit(paths.warehouse) as conn:
        for release_id in ("RVU25A", "RVU25D"):
            parsed = read_release(paths.rvu_dir / release_id, release_id=release_id)
            load_release(conn, parsed, landing_sha256=f"cut-{release_id}", loaded_at=datetime(2025, 10, 2))


def run_env(paths: Paths, dagster_home: Path) -> dict[str, str]:
    return {
        "MEDPAY_RAW_DIR": str(paths.raw_dir),
        "MEDPAY_WAREHOUSE": str(paths.warehouse),
        "MEDPAY_EXPORT_DIR": str(paths.export_dir),
        "DAGSTER_HOME": str(dagster_home),
    }


def build_sample(root: Path) -> SampleRun:
    paths = Paths(raw_dir=root / "raw", warehouse=location(root / "warehouse"), export_dir=root / "exports")
    (root / "warehouse").mkdir(parents=True)
    codes = _sample_raw(paths.raw_dir)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in run_env(paths, root / "dagster_home").items():
            mp.setenv(key, value)
        from pipelines.definitions import defs

        with dg.DagsterInstance.ephemeral() as instance:
            reference = [s for s in STAGES if s.job == "reference_job"]
            outcomes = run_pipeline(
                defs, instance, resources(paths=PathsResource.of(paths)), stages=reference
            )
            load_cut_releases(paths)
            outcomes += run_pipeline(
                defs, instance, resources(paths=PathsResource.of(paths)), stages=stages()
            )
    return SampleRun(paths, outcomes, codes)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    return build_sample(tmp_path_factory.mktemp("export_sample"))


@pytest.fixture
def scratch(sample_run: SampleRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """A private copy of the sample warehouse and its export dir, with MEDPAY_* pointed at it."""
    paths = Paths(
        raw_dir=sample_run.paths.raw_dir,
        warehouse=clone(sample_run.warehouse, tmp_path / "wh"),
        export_dir=tmp_path / "exports",
    )
    shutil.copytree(
        sample_run.paths.export_dir,
        paths.export_dir,
        symlinks=True,
        ignore=shutil.ignore_patterns(".trash", "*.lock"),
    )
    for key, value in run_env(paths, tmp_path / "dagster_home").items():
        monkeypatch.setenv(key, value)
    return paths


@pytest.fixture
def sample_conn(sample_run: SampleRun):
    conn = connect(sample_run.warehouse)
    yield conn
    conn.close()


def edit_warehouse(paths: Paths, *statements: tuple[str, list]) -> None:
    """Apply parameterised statements to a scratch warehouse (never the session one)."""
    assert os.fspath(paths.warehouse).find("export_sample") < 0
    with edit(paths.warehouse) as conn:
        for sql, params in statements:
            conn.execute(sql, params)
