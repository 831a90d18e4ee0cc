"""Reference files: parsed from the real shipped files, loaded, and validated by GX suites that can fail."""

from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipelines.defs.reference import assets, checks
from pipelines.lib.gx import validate
from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.warehouse import Warehouse
from pipelines.parsing import reference
from pipelines.resources import PathsResource, resources

REPO_RAW = REPO_ROOT / "raw"


def test_census_counties_real_file():
    frame = reference.read_census_counties(REPO_RAW / "reference/census/national_county.txt")
    assert frame.height == 3235
    row = frame.filter(pl.col("fips") == "01001").row(0, named=True)
    assert (row["state"], row["county_name"]) == ("AL", "Autauga County")


def test_x12_codes_real_file():
    frame = reference.read_x12_codes(REPO_RAW / "reference/x12/carc-rarc.csv")
    counts = dict(frame.group_by("code_type").len().iter_rows())
    assert counts == {"CARC": 455, "RARC": 1198}
    assert frame.filter((pl.col("code") == "97") & (pl.col("code_type") == "CARC")).height == 1
    assert frame.filter(pl.col("code") == "N20").height == 1


def test_zip_locality_real_file():
    frame = reference.read_zip_locality(REPO_RAW / "cms/zip_locality/ZPLC_OCT2025/ZIP5_OCT2025.txt")
    assert frame.height == 42956
    first = frame.row(0, named=True)
    assert (first["state"], first["zip5"], first["mac"], first["locality"], first["year_quarter"]) == (
        "AK",
        "99501",
        "02102",
        "01",
        "20254",
    )


@pytest.mark.parametrize(
    "reader, content, expected",
    [
        (reference.read_census_counties, b"AL,01,Autauga County\n", "5 comma-separated fields"),
        (reference.read_x12_codes, b"a,b\n1,2\n", "columns code, code_type, description"),
        (reference.read_zip_locality, b"\x00\x01junk\n", "fixed-width ZIP5 records"),
    ],
)
def test_bad_reference_file_is_refused_with_its_name(tmp_path, reader, content, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(reference.BadReferenceFile, match=expected) as err:
        reader(path)
    assert str(path) in str(err.value)


def test_suites_fail_on_broken_frames():
    good = reference.read_x12_codes(REPO_RAW / "reference/x12/carc-rarc.csv")
    assert validate("x12_codes", good)["success"]
    broken = pl.concat([good, good.slice(1, 1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("XXXX")).otherwise("code_type").alias("code_type")
    )
    outcome = validate("x12_codes", broken)
    failed = {o["expectation"] for o in outcome["outcomes"] if not o["success"]}
    assert failed == {"expect_column_values_to_be_in_set", "expect_compound_columns_to_be_unique"}


def test_reference_assets_materialize(medpay_paths):
    shutil.copytree(REPO_RAW / "reference", medpay_paths.reference_dir, dirs_exist_ok=True)
    shutil.copytree(REPO_RAW / "cms/zip_locality", medpay_paths.cms_dir / "zip_locality")
    defs = [assets.census_counties, assets.x12_codes, assets.usps_states, assets.zip_locality]
    check_defs = [
        checks.census_counties_expectations,
        checks.x12_codes_expectations,
        checks.usps_states_expectations,
        checks.zip_locality_expectations,
    ]
    result = dg.materialize([*defs, *check_defs], resources=resources(warehouse=Warehouse()))
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) == 4 and all(e.passed for e in evaluations)
    with duckdb.connect(str(medpay_paths.warehouse), read_only=True) as conn:
        counts = {
            t: conn.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("census_counties", "x12_codes", "usps_states", "zip_locality")
        }
    assert counts == {"census_counties": 3235, "x12_codes": 1653, "usps_states": 56, "zip_locality": 42956}


def test_shipped_usps_states_match_the_code_list():
    """raw/reference/usps_states.csv (the warehouse table) and pipelines/lib/states.py (parsers, PHI
    screen) list the same 56 codes."""
    from pipelines.lib.states import US_STATES

    frame = reference.read_usps_states(REPO_RAW / "reference/usps_states.csv")
    assert set(frame["state"]) == set(US_STATES) and len(US_STATES) == 56


def test_medpay_run_skips_reference_data_it_already_published(medpay_paths):
    """No duplicate work: the reference stage runs again only when its input files change (or --force)."""
    from pipelines.definitions import defs
    from pipelines.lib.runner import STAGES, run_pipeline

    shutil.copytree(REPO_RAW / "reference", medpay_paths.reference_dir, dirs_exist_ok=True)
    shutil.copytree(REPO_RAW / "cms/zip_locality", medpay_paths.cms_dir / "zip_locality")
    stage = [s for s in STAGES if s.job == "reference_job"]
    said: list[str] = []
    with dg.DagsterInstance.ephemeral() as instance:
        [first] = run_pipeline(defs, instance, resources(paths=PathsResource.of(medpay_paths)), stages=stage)
        assert first.success
        assert (
            run_pipeline(
                defs,
                instance,
                resources(paths=PathsResource.of(medpay_paths)),
                stages=stage,
                on_event=said.append,
            )
            == []
        )
        assert any("inputs unchanged" in line for line in said)
        (medpay_paths.reference_dir / "NOTES.txt").write_text("a new file among the inputs\n")
        [again] = run_pipeline(defs, instance, resources(paths=PathsResource.of(medpay_paths)), stages=stage)
        assert again.success
        [forced] = run_pipeline(
            defs, instance, resources(paths=PathsResource.of(medpay_paths)), stages=stage, force=True
        )
        assert forced.success
