"""The attacker's zip of issue 19 dropped in raw/cms/rvu/: the Dagster run fails naming the file and
the limit (description + metadata), `medpay run` exits 4, `medpay status` lists the refusal, and the
published warehouse and exports are byte-identical (the approach of tests/rvu/test_rvu_pipeline.py)."""

from __future__ import annotations

import hashlib
import json

import dagster as dg
import pytest

from pipelines.cli.main import main
from pipelines.defs.rvu.assets import rvu_release_tables
from pipelines.lib import runner
from pipelines.lib.warehouse import Warehouse
from pipelines.ops.refusals import current
from pipelines.resources import resources
from tests.rvu.conftest import CHECKS, land, publish_loaded  # noqa: F401 (publish_loaded: a fixture; releases_db comes from tests/conftest.py)

from .inputs import bomb_zip, sparse

LIMIT = "MEDPAY_MAX_RVU_MEMBER_BYTES"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def published(medpay_paths, publish_loaded):  # noqa: F811
    land(medpay_paths, "RVU25A")
    publish_loaded(medpay_paths)
    exports = medpay_paths.export_dir / "builds" / "b1"
    exports.mkdir(parents=True)
    (exports / "manifest.json").write_text("{}")
    return medpay_paths


def test_the_dagster_run_fails_with_the_file_and_limit(published):
    before, exports = digest(published.warehouse), tree(published.export_dir)
    bomb_zip(published.rvu_dir / "rvu25b.zip")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("rvu_release", ["RVU25B"])
        result = dg.materialize(
            [rvu_release_tables, *CHECKS],
            partition_key="RVU25B",
            instance=instance,
            resources=resources(warehouse=Warehouse()),
            raise_on_error=False,
        )
    assert not result.success and result.get_asset_materialization_events() == []
    (failure,) = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    data = failure.event_specific_data
    assert "rvu25b.zip!PPRRVU2025_Apr.csv" in data.error.message and LIMIT in data.error.message
    metadata = {k: getattr(v, "value", v) for k, v in data.user_failure_data.metadata.items()}
    assert metadata["limit"] == LIMIT and metadata["limit_value"] == 64 << 20
    assert metadata["refused_file"] == "rvu25b.zip!PPRRVU2025_Apr.csv" and metadata["partition"] == "RVU25B"
    assert digest(published.warehouse) == before and tree(published.export_dir) == exports


def test_medpay_run_refuses_it_and_medpay_status_shows_it_until_it_is_gone(
    published, tmp_path, monkeypatch, capsys
):
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setattr(runner, "STAGES", [s for s in runner.STAGES if s.job == "rvu_release_job"])
    before, exports = digest(published.warehouse), tree(published.export_dir)
    bomb = bomb_zip(published.rvu_dir / "rvu25b.zip")

    assert main(["run"]) == 4
    err = capsys.readouterr().err
    assert "rvu25b.zip!PPRRVU2025_Apr.csv" in err and LIMIT in err and "unchanged" in err
    assert digest(published.warehouse) == before and tree(published.export_dir) == exports

    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "Refused landings" in out and "RVU25B" in out and f"{LIMIT}=67108864" in out
    assert main(["status", "--json"]) == 0
    (refused,) = json.loads(capsys.readouterr().out)["refused"]
    assert refused["kind"] == "rvu" and refused["limit"] == LIMIT and refused["landing"] == str(bomb)
    assert main(["status", "--strict", "--today", "2025-11-01"]) == 4
    assert "1 landing(s) refused" in capsys.readouterr().err

    bomb.unlink()  # removed from raw/: no longer listed
    assert current(published) == []


@pytest.fixture
def stage_only(medpay_paths, tmp_path, monkeypatch):
    """`medpay run` restricted to one stage, with its own Dagster home."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))

    def only(job: str) -> None:
        monkeypatch.setattr(runner, "STAGES", [s for s in runner.STAGES if s.job == job])

    return only


def test_a_2_gib_report_file_is_refused_by_its_size_and_listed(medpay_paths, stage_only, capsys):
    stage_only("report_intake_job")
    sparse(medpay_paths.reports_dir / "upload-2025-11.jsonl", 2 << 30)  # never hashed nor read
    assert main(["run"]) == 4
    err = capsys.readouterr().err
    assert "upload-2025-11.jsonl" in err and "MEDPAY_MAX_REPORT_FILE_BYTES=536870912" in err
    assert not medpay_paths.warehouse.exists()  # nothing published
    (refused,) = current(medpay_paths)
    assert refused["kind"] == "reports" and refused["limit"] == "MEDPAY_MAX_REPORT_FILE_BYTES"


def test_an_ncci_zip_bomb_fails_its_quarter_and_is_listed(medpay_paths, stage_only, capsys):
    stage_only("ncci_quarter_job")
    folder = medpay_paths.ncci_dir / "2025Q4"
    folder.mkdir()
    bomb_zip(folder / "medicare-ncci-2025q4-practitioner-ptp-edits-ccipra-v313r0-f1.zip",
             "ccipra-v313r0-f1.txt", real=False)  # fmt: skip
    assert main(["run"]) == 4
    err = capsys.readouterr().err
    assert "ccipra-v313r0-f1.txt" in err and "MEDPAY_MAX_PTP_MEMBER_BYTES" in err
    (refused,) = current(medpay_paths)
    assert (refused["kind"], refused["partition"]) == ("ncci_ptp", "2025Q4")
    assert main(["status"]) == 0 and "ncci_ptp" in capsys.readouterr().out
