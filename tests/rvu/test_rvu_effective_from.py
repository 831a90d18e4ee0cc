"""A release's effective date comes from the release catalogue when it lists the release (a correction's
own date), else the quarter start; pricing then picks the correction only from that date on.

The correction is real data: a landing RVU25AR/ holding RVU25A's PPRRVU file, loaded through the asset.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import dagster as dg
import pytest

from pipelines.defs.rvu import checks
from pipelines.defs.rvu.assets import rvu_release_tables
from pipelines.defs.rvu.load import effective_from
from pipelines.lib.paths import REPO_ROOT, Paths
from pipelines.lib.warehouse import Warehouse, connect_published
from pipelines.ops.state import release_in_effect
from pipelines.pricing.lookup import choose_release, releases
from pipelines.resources import PathsResource, resources

from .conftest import RVU_RAW, land

CATALOGUE = """
schema = 1

[[rvu]]
id = "RVU25AR"
effective_from = {effective}
landing = "rvu/RVU25AR/"
files = [{{ name = "PPRRVU25_JAN1.csv", urls = ["https://example.invalid/rvu25ar.zip"] }}]
"""


def _catalogue(tmp_path, effective: str = "2025-02-15") -> Paths:
    """Paths whose release catalogue is a new releases.toml listing RVU25AR as taking ``effective``."""
    path = tmp_path / "releases.toml"
    path.write_text(CATALOGUE.format(effective=effective), encoding="utf-8")
    return PathsResource(catalogue=str(path)).paths


def _land_correction(paths) -> None:
    folder = paths.rvu_dir / "RVU25AR"
    folder.mkdir()
    (folder / "PPRRVU25_JAN1.csv").symlink_to(RVU_RAW / "RVU25A" / "PPRRVU25_JAN1.csv")


def test_a_correction_takes_effect_on_its_catalogue_date(medpay_paths, tmp_path):
    catalogued = replace(medpay_paths, catalogue=_catalogue(tmp_path).catalogue)
    land(medpay_paths, "RVU25A", census=False)
    _land_correction(medpay_paths)
    sources = {}
    with dg.instance_for_test() as instance:
        for rid in ("RVU25A", "RVU25AR"):
            instance.add_dynamic_partitions("rvu_release", [rid])
            result = dg.materialize(
                [rvu_release_tables, checks.rvu_row_count_change],
                partition_key=rid,
                instance=instance,
                resources=resources(paths=PathsResource.of(catalogued), warehouse=Warehouse()),
            )
            assert result.success and all(e.passed for e in result.get_asset_check_evaluations())
            mats = {
                m.asset_key.to_user_string(): m.metadata
                for m in result.asset_materializations_for_node("rvu_release_tables")
            }
            sources[rid] = mats["releases"]["effective_from_source"].value
    assert sources == {
        "RVU25A": "quarter start (RVU25A is not in releases.toml)",
        "RVU25AR": "catalogue (releases.toml)",
    }
    with connect_published() as conn:
        assert conn.execute(
            "select release_id, effective_from, is_correction from releases order by 1"
        ).fetchall() == [("RVU25A", date(2025, 1, 1), False), ("RVU25AR", date(2025, 2, 15), True)]
        # pricing's release by date (ops' release_in_effect): the correction only from its own date
        for day, expected in [
            (date(2025, 1, 1), "RVU25A"),
            (date(2025, 2, 14), "RVU25A"),
            (date(2025, 2, 15), "RVU25AR"),
            (date(2025, 3, 31), "RVU25AR"),
        ]:
            assert choose_release(conn, releases(conn), on=day).release_id == expected, day
            assert release_in_effect(conn, day)[0] == expected
        followers = conn.execute(
            "select track, release_id from release_calendar where previous_release = 'RVU25A'"
        )
        assert sorted(followers.fetchall()) == [("NONQPP", "RVU25AR"), ("QPP", "RVU25AR")]


def test_effective_from_falls_back_to_the_quarter_start(parsed_releases, tmp_path):
    correction = replace(parsed_releases["RVU25A"], release_id="RVU25AR", is_correction=True)
    day, source = effective_from(correction, PathsResource(catalogue=str(tmp_path / "none.toml")).paths)
    assert day == date(2025, 1, 1) and source.startswith("quarter start (no release catalogue at")
    paths = _catalogue(tmp_path)
    assert effective_from(correction, paths) == (date(2025, 2, 15), "catalogue (releases.toml)")
    assert effective_from(parsed_releases["RVU25D"], paths) == (
        date(2025, 10, 1),
        "quarter start (RVU25D is not in releases.toml)",
    )


@pytest.mark.parametrize("effective", ["2024-12-01", "2026-01-01"])
def test_a_catalogue_date_outside_the_release_is_refused(parsed_releases, tmp_path, effective):
    paths = _catalogue(tmp_path, effective)
    correction = replace(parsed_releases["RVU25A"], release_id="RVU25AR", is_correction=True)
    with pytest.raises(ValueError, match=f"effective_from {effective} of RVU25AR must fall in 2025"):
        effective_from(correction, paths)


def test_the_repo_catalogue_dates_match_the_real_releases(parsed_releases):
    repo = PathsResource(raw_dir=str(REPO_ROOT / "raw"))  # its raw/cms/releases.toml
    for rid, parsed in parsed_releases.items():
        assert effective_from(parsed, repo.paths)[0] == parsed.effective_from, rid
