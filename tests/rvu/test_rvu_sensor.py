"""The landing sensor and discovery: stable landings only, the right partitions, nothing twice."""

from __future__ import annotations

import json
import os
import shutil
import zipfile

import dagster as dg
import pytest

from pipelines.defs.rvu import landing
from pipelines.defs.rvu.sensors import rvu_release_landing
from pipelines.resources import resources

from .conftest import RVU_RAW, land


def _zip_release(paths, release_id: str) -> None:
    with zipfile.ZipFile(paths.rvu_dir / f"{release_id.lower()}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted((RVU_RAW / release_id).iterdir()):
            if member.suffix.lower() == ".csv":
                archive.write(member, member.name)


def _tick(instance, cursor):
    result = rvu_release_landing(
        dg.build_sensor_context(resources=resources(), instance=instance, cursor=cursor)
    )
    keys = [(r.partition_key, r.run_key) for r in result.run_requests]
    added = [key for req in result.dynamic_partitions_requests for key in req.partition_keys]
    return keys, added, result.cursor


@pytest.fixture
def instance():
    with dg.instance_for_test() as test_instance:
        yield test_instance


def test_scan_finds_release_folders_and_zips_and_ignores_the_rest(medpay_paths):
    _zip_release(medpay_paths, "RVU25D")
    shutil.copytree(RVU_RAW / "RVU25A", medpay_paths.rvu_dir / "RVU25A")
    (medpay_paths.rvu_dir / "notes.txt").write_text("not a release")
    (medpay_paths.rvu_dir / ".partial").mkdir()
    found = {f.release_ids[0]: f for f in landing.scan(medpay_paths.rvu_dir)}
    assert sorted(found) == ["RVU25A", "RVU25D"]
    assert found["RVU25D"].is_zip and not found["RVU25A"].is_zip
    assert [name for name, _, _ in found["RVU25A"].files] == ["RVU25A/PPRRVU25_JAN1.csv"]
    assert landing.locate(medpay_paths.rvu_dir, "RVU25D").path.name == "rvu25d.zip"
    assert landing.releases_to_load(medpay_paths) == ["RVU25A", "RVU25D"]


def test_a_release_landed_twice_or_not_at_all_is_a_clear_error(medpay_paths):
    _zip_release(medpay_paths, "RVU25D")
    shutil.copytree(RVU_RAW / "RVU25D", medpay_paths.rvu_dir / "RVU25D")
    with pytest.raises(ValueError, match=r"RVU25D landed more than once .*rvu25d\.zip"):
        landing.locate(medpay_paths.rvu_dir, "RVU25D")
    with pytest.raises(FileNotFoundError, match="RVU25B has no folder or zip"):
        landing.locate(medpay_paths.rvu_dir, "RVU25B")


def test_sensor_requests_stable_landings_once(medpay_paths, instance):
    _zip_release(medpay_paths, "RVU25D")
    shutil.copytree(RVU_RAW / "RVU25A", medpay_paths.rvu_dir / "RVU25A")

    # tick 1: neither landing has been seen before (one rule for zips and folders: lib/landings.py)
    keys, added, cursor = _tick(instance, None)
    assert keys == [] and added == []

    # tick 2: both are unchanged since tick 1, so they are complete now
    keys, added, cursor = _tick(instance, cursor)
    assert [k for k, _ in keys] == ["RVU25A", "RVU25D"] and added == ["RVU25A", "RVU25D"]

    # tick 3: nothing new, nothing requested
    assert _tick(instance, cursor)[:2] == ([], [])

    # a changed file waits one tick (still being written?), then the release is requested again
    csv = medpay_paths.rvu_dir / "RVU25A" / "PPRRVU25_JAN1.csv"
    csv.write_bytes(csv.read_bytes()[:-200])
    keys, added, cursor = _tick(instance, cursor)
    assert keys == []
    keys, added, cursor = _tick(instance, cursor)
    assert [k for k, _ in keys] == ["RVU25A"]
    assert _tick(instance, cursor)[:2] == ([], [])


def test_sensor_ignores_an_unfinished_zip_until_it_is_complete(medpay_paths, instance):
    _zip_release(medpay_paths, "RVU25D")
    archive = medpay_paths.rvu_dir / "rvu25d.zip"
    whole = archive.read_bytes()
    archive.write_bytes(whole[: len(whole) // 2])
    keys, added, cursor = _tick(instance, None)
    assert keys == [] and added == []
    archive.write_bytes(whole)  # the download goes on: size and mtime change
    os.utime(archive)
    keys, added, cursor = _tick(instance, cursor)
    assert keys == [] and added == []
    keys, added, cursor = _tick(instance, cursor)  # unchanged since the previous tick: complete
    assert [k for k, _ in keys] == ["RVU25D"] and added == ["RVU25D"]


def test_sensor_does_not_add_a_partition_the_instance_already_has(medpay_paths, instance):
    _zip_release(medpay_paths, "RVU25D")
    instance.add_dynamic_partitions("rvu_release", ["RVU25D"])
    _, _, cursor = _tick(instance, None)
    keys, added, _ = _tick(instance, cursor)
    assert [k for k, _ in keys] == ["RVU25D"] and added == []


def test_sensor_skips_a_release_already_published_with_the_same_bytes(medpay_paths, instance, publish_loaded):
    land(medpay_paths, "RVU25A", census=False)
    publish_loaded(medpay_paths)
    keys, added, cursor = _tick(instance, None)
    keys, added, cursor = _tick(instance, cursor)  # stable now, but already loaded
    assert keys == [] and added == []
    assert json.loads(cursor)["requested"].keys() == {"RVU25A"}
