"""Atomic publishing: a refused build leaves the previous export live; rollback; pruning; changes."""

from __future__ import annotations

import json

import pytest
from warehouse_backend import LAKE, connect

from pipelines.cli.main import main
from pipelines.export.build import ExportRefused, export_code_pages
from pipelines.export.publish import TRASH, current_build, list_builds
from pipelines.marts.rules import SuppressionRules

from .conftest import edit_warehouse

RULES = SuppressionRules()


def _export(paths, **kwargs):
    with connect(paths.warehouse) as conn:
        return export_code_pages(conn, paths.export_dir, RULES, **kwargs)


def _refused(paths, match: str) -> None:
    live = current_build(paths.export_dir)
    before = list_builds(paths.export_dir)
    with pytest.raises(ExportRefused, match=match):
        _export(paths)
    assert current_build(paths.export_dir) == live
    assert list_builds(paths.export_dir) == before
    assert not list((paths.export_dir / "builds").glob("*.partial"))


def test_schema_failure_leaves_previous_export_live(scratch):
    edit_warehouse(scratch, ("update rvu set status_code = 'AA' where hcpcs = '99213'", []))
    _refused(scratch, "schema")


def test_gate_failure_leaves_previous_export_live(scratch):
    with connect(scratch.warehouse) as conn:
        code, profile = conn.execute(
            "select hcpcs, cast(profile as varchar) from code_denial_profile where published limit 1"
        ).fetchall()[0]
    doc = json.loads(profile)
    doc["by_payer_type"][0].update(count=2, share=round(2 / doc["report_count"], 4))
    edit_warehouse(
        scratch, ("update code_denial_profile set profile = ? where hcpcs = ?", [json.dumps(doc), code])
    )
    _refused(scratch, "below min_cell")


def test_rollback_keep_and_list(scratch, capsys):
    first = current_build(scratch.export_dir)
    second = _export(scratch).path
    third = _export(scratch, keep=2).path
    assert current_build(scratch.export_dir) == third
    assert list_builds(scratch.export_dir) == [second, third]  # first moved to the trash
    assert not first.exists() and (scratch.export_dir / TRASH).is_dir()
    assert main(["export", "--rollback"]) == 0
    assert current_build(scratch.export_dir) == second
    assert main(["export", "--rollback", third.name]) == 0
    assert current_build(scratch.export_dir) == third
    assert main(["export", "--rollback", "nope"]) == 3
    assert main(["export", "--list"]) == 0
    assert f"{third.name}  live" in capsys.readouterr().out


def test_change_report_lists_payment_status_and_denials(scratch):
    with connect(scratch.warehouse) as conn:
        code, profile = conn.execute(
            "select hcpcs, cast(profile as varchar) from code_denial_profile where not published limit 1"
        ).fetchall()[0]
    less = dict(json.loads(profile), reports_needed=json.loads(profile)["reports_needed"] + 1)
    edit_warehouse(
        scratch,
        (
            "update code_payment_summary set national_nonfacility = national_nonfacility - 1 where hcpcs = '99213'",
            [],
        ),
        ("update rvu set status_code = 'N' where hcpcs = '99211' and release_id = 'RVU25D'", []),
        ("update code_denial_profile set profile = ? where hcpcs = ?", [json.dumps(less), code]),
    )
    result = _export(scratch)
    changes = json.loads((result.path / "changes.json").read_text())
    by_code = {c["hcpcs"]: c for c in changes["changes"]}
    old, new = by_code["99213"]["payment"]["nonfacility"]
    assert round(old - new, 2) == 1.0
    assert by_code["99211"]["status"] == ["A", "N"]
    assert "denials" in by_code[code]
    assert changes["counts"]["codes_changed"] == len(by_code) == 3
    assert result.manifest["changes"] == changes["counts"]


def test_medpay_export_cli_builds_from_the_published_warehouse(scratch, capsys):
    live = current_build(scratch.export_dir)
    assert main(["export"]) == 0
    assert current_build(scratch.export_dir) != live
    out = capsys.readouterr().out
    assert "is live" in out and "RVU25D" in out
    assert "0 (incremental)" in out  # nothing changed since the sample run's export: every page carried
    assert main(["export", "--full"]) == 0
    out = capsys.readouterr().out
    assert "(full)" in out and "0 (incremental)" not in out


@pytest.mark.skipif(not LAKE, reason="time travel: DuckLake backend only")
def test_the_warehouse_as_it_was_at_the_live_export(scratch, capsys):
    """DuckLake: the refresh run that staged the live export recorded it in its snapshot, so what the
    warehouse said at that release stays queryable after later runs changed it."""
    from pipelines.lib.backend import backend_for

    live = current_build(scratch.export_dir)
    snapshot = backend_for(scratch.warehouse).snapshot_of_export(live.name)
    assert snapshot is not None
    status = "select status_code from rvu where hcpcs = '99211' and release_id = 'RVU25D' and modifier = ''"
    edit_warehouse(
        scratch,
        (
            "update rvu set status_code = 'N' where hcpcs = '99211' and release_id = 'RVU25D' and modifier = ''",
            [],
        ),
    )
    with connect(scratch.warehouse) as conn:
        assert conn.execute(status).fetchall() == [("N",)]
    capsys.readouterr()
    assert main(["sql", "--at-export", "current", "-c", status]) == 0
    assert "│ A " in capsys.readouterr().out
    assert main(["export", "--list"]) == 0
    out = capsys.readouterr().out
    assert "snapshot" in out and f"{live.name}  live" in out
