"""`medpay run` on a tmp raw dir holding the real releases (one as the zip CMS publishes).

Only the RVU stage of the runner runs here: the other stages are their domains' tests.
"""

from __future__ import annotations

import shutil

import pytest

from pipelines.cli.main import main
from pipelines.lib import runner
from pipelines.lib.warehouse import connect_published

from .conftest import RVU_RAW, land


@pytest.fixture
def rvu_only(medpay_paths, tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setattr(runner, "STAGES", [s for s in runner.STAGES if s.job == "rvu_release_job"])
    land(medpay_paths, "RVU25A")
    return medpay_paths


@pytest.fixture
def landed(rvu_only):
    shutil.make_archive(str(rvu_only.rvu_dir / "rvu25d"), "zip", RVU_RAW / "RVU25D")
    return rvu_only


@pytest.mark.slow  # the RVU job end to end on the real releases, GX suites included
def test_medpay_run_loads_both_releases_and_prints_the_summary(landed, capsys):
    assert runner.STAGES and main(["run"]) == 0
    out = capsys.readouterr().out
    assert "CMS RVU releases: 2 to load (RVU25A, RVU25D)" in out
    for text in ("rvu_release_job", "opps_cap", "19090", "18865", "16100"):
        assert text in out, text
    assert str(landed.warehouse) in out.replace("\n", "")
    with connect_published() as conn:
        loaded = conn.execute("select release_id, source from releases order by 1").fetchall()
    assert [rid for rid, _ in loaded] == ["RVU25A", "RVU25D"]
    assert loaded[1][1].endswith("rvu25d.zip")

    # a second run finds nothing new to load
    assert main(["run"]) == 0
    assert "CMS RVU releases: 0 to load" in capsys.readouterr().out


def test_medpay_run_reports_a_refused_release_and_fails(rvu_only, capsys, publish_loaded):
    publish_loaded(rvu_only)
    (rvu_only.rvu_dir / "rvu25b.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    assert main(["run"]) == 4
    captured = capsys.readouterr()
    assert "rvu25b.zip" in captured.err and "not a CMS RVU release" in captured.err
    assert "CMS RVU releases: 1 to load (RVU25B)" in captured.out
    with connect_published() as conn:
        assert conn.execute("select release_id from releases order by 1").fetchall() == [
            ("RVU25A",),
            ("RVU25D",),
        ]
