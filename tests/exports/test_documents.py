"""Code-page content, checked against the warehouse tables the export read (independent queries)."""

from __future__ import annotations

import json

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.export.build import export_code_pages, validator
from pipelines.export.documents import build_documents, load_sections
from pipelines.export.publish import current_build
from pipelines.marts.rules import SuppressionRules

from .conftest import edit_warehouse


@pytest.fixture(scope="module")
def live(sample_run):
    build = current_build(sample_run.paths.export_dir)
    docs = {p.stem: json.loads(p.read_text()) for p in (build / "codes").glob("*.json")}
    return build, docs


def test_one_document_per_code_of_the_release_shown(live, sample_conn):
    _, docs = live
    codes = {
        r[0]
        for r in sample_conn.execute("select distinct hcpcs from rvu where release_id = 'RVU25D'").fetchall()
    }
    assert set(docs) == codes
    assert {d["release"]["id"] for d in docs.values()} == {"RVU25D"}
    assert {d["release"]["source"] for d in docs.values()} == {"CMS MPFS RVU25D"}


def test_payment_and_rvus_match_the_pricing_tables(live, sample_conn):
    _, docs = live
    summary = sample_conn.execute(
        "select hcpcs, national_nonfacility, national_facility, status_code, components from code_payment_summary where release_id = 'RVU25D'"
    ).fetchall()
    for code, nonfacility, facility, status, components in summary:
        doc = docs[code]
        assert doc["national_payment"]["nonfacility"] == (None if nonfacility is None else float(nonfacility))
        assert doc["national_payment"]["facility"] == (None if facility is None else float(facility))
        assert doc["status"]["code"] == status
        amounts = {c["modifier"]: (c["nonfacility"], c["facility"]) for c in json.loads(components)}
        assert {
            c["modifier"]: (c["national_payment"]["nonfacility"], c["national_payment"]["facility"])
            for c in doc["components"]
        } == amounts
    work, total = sample_conn.execute(
        "select work_rvu, total_nonfacility_rvu from rvu where release_id = 'RVU25D' and hcpcs = '71046' and modifier = ''"
    ).fetchall()[0]
    assert docs["71046"]["rvu"]["work"] == float(work) and docs["71046"]["rvu"]["total_nonfacility"] == float(
        total
    )
    assert [c["modifier"] for c in docs["71046"]["components"]] == ["26", "TC"]
    na = sample_conn.execute(
        "select hcpcs, pe_nonfacility_na, pe_facility_na from rvu where release_id = 'RVU25D' and modifier = ''"
    ).fetchall()
    for code, nonfacility_na, facility_na in na:
        if code in docs:
            flags = docs[code]["national_payment"]
            assert (flags["nonfacility_na"], flags["facility_na"]) == (
                bool(nonfacility_na),
                bool(facility_na),
            )
    assert docs["27447"]["national_payment"]["nonfacility_na"] is True  # RVU25D: NA in non-facility
    assert docs["27447"]["national_payment"]["facility_na"] is False


def test_component_only_code_86153_is_its_26_row(live, sample_conn):
    _, docs = live
    doc = docs["86153"]
    amounts = dict(
        sample_conn.execute(
            "select setting, amount from payment where release_id = 'RVU25D' and hcpcs = '86153' and modifier = '26' and scope = 'national'"
        ).fetchall()
    )
    assert doc["national_payment"]["nonfacility"] == float(amounts["nonfacility"])
    assert [c["modifier"] for c in doc["components"]] == ["26"]
    assert doc["rvu"]["work"] == 0.69
    assert doc["confidence"] != "high" and "modifier 26" in doc["confidence_reason"]


def test_denials_are_the_marts_profiles_or_unpublished(live, sample_conn):
    _, docs = live
    profiles = dict(sample_conn.execute("select hcpcs, profile from code_denial_profile").fetchall())
    published = [c for c, p in profiles.items() if json.loads(p)["published"]]
    shown = {
        c: {k: v for k, v in docs[c]["denials"].items() if k != "explanations"} for c in profiles if c in docs
    }
    assert published and all(shown[c] == json.loads(profiles[c]) for c in shown)
    assert all("explanations" in docs[c]["denials"] for c in published if c in docs)
    assert docs["27447"]["denials"]["published"] is False and docs["27447"]["denials"]["reports_needed"] >= 1
    quiet = [d for c, d in docs.items() if c not in profiles]
    assert quiet and all(
        d["denials"] == {"published": False, "threshold": 5, "reports_needed": 5, "report_count": None}
        for d in quiet
    )


def test_ncci_edits_and_mue_of_the_fixture_quarter(live):
    build, docs = live
    ncci = docs["97110"]["ncci"]
    assert ncci["version"] == "2025Q4 practitioner"
    assert [e["column1"] for e in ncci["ptp_as_column2"]] == ["97150", "97530"]
    assert ncci["mue"]["value"] == 8 and ncci["mue"]["adjudication_indicator"] == 3
    assert "appeal" in ncci["mue"]["adjudication_meaning"]  # MAI 3: per day, appealable
    used = {str(e["modifier_indicator"]) for e in ncci["ptp_as_column2"]}
    assert set(ncci["modifier_indicator_meanings"]) == used  # a meaning for each indicator shown
    if "1" in used:
        assert "59 or XE/XS/XP/XU" in ncci["modifier_indicator_meanings"]["1"]
    # the edit deleted 2025-06-30 is not active in 2025Q4
    assert all(e["column2"] != "97124" for e in docs["97140"]["ncci"]["ptp_as_column1"])
    assert docs["99211"]["ncci"] == {
        "version": "2025Q4 practitioner",
        "ptp_as_column1": [],
        "ptp_as_column2": [],
        "ptp_as_column1_total": 0,
        "ptp_as_column2_total": 0,
        "edits_file": None,
        "mue": None,
    }
    assert ncci["ptp_as_column2_total"] == len(ncci["ptp_as_column2"])
    manifest = json.loads((build / "manifest.json").read_text())
    assert manifest["releases"]["ncci"] == "2025Q4 practitioner" and manifest["releases"]["rvu"] == "RVU25D"
    assert manifest["report_cutoff"] and manifest["documents"] == len(docs)
    assert manifest["contract"] == "code_page.v2" and manifest["schema_version"] == 2


def test_parquet_holds_the_same_documents(live):
    build, docs = live
    table = pq.read_table(build / "code_pages.parquet")
    assert table.num_rows == len(docs)
    for row in table.select(["hcpcs", "document", "national_nonfacility"]).to_pylist():
        assert json.loads(row["document"]) == docs[row["hcpcs"]]
        assert row["national_nonfacility"] == docs[row["hcpcs"]]["national_payment"]["nonfacility"]


def test_ncci_is_null_when_no_quarter_is_loaded(scratch):
    edit_warehouse(scratch, ("delete from ncci_ptp", []), ("delete from ncci_mue", []))
    with duckdb.connect(str(scratch.warehouse), read_only=True) as conn:
        result = export_code_pages(conn, scratch.export_dir, SuppressionRules())
    doc = json.loads((result.path / "codes" / "97110.json").read_text())
    assert doc["ncci"] is None and result.manifest["releases"]["ncci"] is None
    assert result.changes["counts"]["edits"] > 0  # 97110 etc. lost their edits since the last export


def test_documents_of_a_fresh_release_in_effect_validate_and_rate_high(sample_run):
    """As of a day RVU25D governs (2025-11-15) the release is current: priced A codes rate high."""
    from datetime import date

    with duckdb.connect(str(sample_run.warehouse), read_only=True) as conn:
        sections = load_sections(conn, date(2025, 11, 15))
    docs = build_documents(sections, SuppressionRules(), "2025-11-15T12:00:00Z")
    assert all(not list(validator().iter_errors(d)) for d in docs)
    by_code = {d["hcpcs"]: d for d in docs}
    assert by_code["99213"]["confidence"] == "high"
    assert by_code["61715"]["confidence"] == "low"  # contractor priced in RVU25D


def test_2026_variant_release_ids_fit_the_contract():
    """code_page.v2 admits ids like RVU26A / RVU25AR: a variant id becomes id + track (null before 2026)."""
    import re

    from pipelines.export.build import validator
    from pipelines.export.documents import _release_fields

    pattern = validator().schema["properties"]["release"]["properties"]["id"]["pattern"]
    assert _release_fields("RVU26A_NONQPP") == {
        "id": "RVU26A",
        "source": "CMS MPFS RVU26A (NONQPP)",
        "track": "NONQPP",
    }
    assert _release_fields("RVU25D") == {"id": "RVU25D", "source": "CMS MPFS RVU25D", "track": None}
    for release_id in ("RVU26A_NONQPP", "RVU26B_QPP", "RVU25AR", "RVU25D"):
        assert re.match(pattern, _release_fields(release_id)["id"]), release_id
