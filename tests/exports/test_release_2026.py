"""Code pages of a CY2026 release: the sample warehouse (cut RVU25A/RVU25D) plus the RVU26C LAYOUT
FIXTURE (tests/fixtures/rvu26: the real 2026 header and GPCI2026.csv, RVU25D rows cut to the sample's
codes; not CMS's 2026 values), both tracks loaded with the production parser and loader, then the
refresh job as `medpay run` runs it. The pages show RVU26C NONQPP (in effect from July 2026; the nearest
loaded release on any other day, exports/fallback_release.sql): release RVU26C, track NONQPP,
and validate against code_page.v2."""

from __future__ import annotations

import json
from datetime import date, datetime

import dagster as dg
import duckdb
import pytest

from pipelines.defs.rvu.load import load_release
from pipelines.export.build import validator, verify_contract, verify_privacy
from pipelines.export.documents import build_documents, load_sections
from pipelines.export.publish import current_build
from pipelines.lib.runner import STAGES, run_pipeline
from pipelines.marts.rules import SuppressionRules
from pipelines.parsing.cms_rvu import read_release
from pipelines.resources import PathsResource, resources

pytestmark = pytest.mark.slow


@pytest.fixture
def with_2026(scratch, sample_run, rvu26_layout, tmp_path):
    folder = rvu26_layout.build(tmp_path / "rvu", keep=sample_run.codes)
    with duckdb.connect(str(scratch.warehouse)) as conn:
        for release_id in ("RVU26C_NONQPP", "RVU26C_QPP"):
            parsed = read_release(folder, release_id=release_id)
            load_release(conn, parsed, landing_sha256=f"fixture-{release_id}", loaded_at=datetime(2026, 7, 2))
    return scratch


def test_a_2026_release_in_effect_exports_v2_pages_with_its_track(with_2026, sample_run):
    from pipelines.definitions import defs

    refresh = [s for s in STAGES if s.job == "refresh_job"]
    with dg.DagsterInstance.ephemeral() as instance:
        outcomes = run_pipeline(defs, instance, resources(paths=PathsResource.of(with_2026)), stages=refresh)
    assert [o.success for o in outcomes] == [True]
    build = current_build(with_2026.export_dir)
    assert verify_contract(build) == [] and verify_privacy(build, SuppressionRules()) == []
    manifest = json.loads((build / "manifest.json").read_text())
    assert manifest["documents"] == len(sample_run.codes)
    doc = json.loads((build / "codes" / "99213.json").read_text())
    assert doc["schema_version"] == 2
    assert doc["release"] == {
        "id": "RVU26C",
        "source": "CMS MPFS RVU26C (NONQPP)",
        "track": "NONQPP",
        "released_on": "2026-06-30",
        "effective_from": "2026-07-01",
    }
    # national amounts at the non-QP CF from the file: (1.30 + 1.35 + 0.10) x 33.4009 = 91.85
    assert doc["conversion_factor"] == 33.4009 and doc["national_payment"]["nonfacility"] == 91.85
    # the localities the website prices with are the real CY2026 GPCIs
    localities = json.loads((build / "localities.json").read_text())
    assert localities["release_id"] == localities["gpci_release_id"] == "RVU26C_NONQPP"
    alabama = next(x for x in localities["localities"] if x["id"] == "10112-00")
    assert (alabama["work_gpci"], alabama["pe_gpci"], alabama["mp_gpci"]) == (1.0, 0.875, 0.566)


def test_pages_as_of_a_2026_date_validate_for_the_release_in_effect(with_2026):
    with duckdb.connect(str(with_2026.warehouse), read_only=True) as conn:
        sections = load_sections(conn, date(2026, 8, 1))
    docs = build_documents(sections, SuppressionRules(), "2026-08-01T12:00:00Z")
    assert docs and all(not list(validator().iter_errors(d)) for d in docs)
    assert {(d["release"]["id"], d["release"]["track"]) for d in docs} == {("RVU26C", "NONQPP")}
    assert {d["conversion_factor"] for d in docs if d["hcpcs"] == "99213"} == {33.4009}
