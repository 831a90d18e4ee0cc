"""Incremental export: only pages whose files changed are written and checked, the rest are carried
from the live build, and the result is byte for byte what a full rebuild of the same inputs makes."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import duckdb
import pytest

from pipelines.export import build as export_build
from pipelines.export.build import ExportRefused, export_code_pages
from pipelines.export.publish import current_build
from pipelines.marts.rules import SuppressionRules

from .conftest import edit_warehouse

RULES = SuppressionRules()
FIRST = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
SECOND = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def _first_export(paths):
    """A first export at FIRST: no live build to compare with, so every page is new."""
    (paths.export_dir / "current").unlink()
    result = _export(paths, now=FIRST)
    assert (result.mode, result.written) == ("full", result.documents)
    return result


def _export(paths, export_root=None, **kwargs):
    with duckdb.connect(str(paths.warehouse), read_only=True) as conn:
        return export_code_pages(conn, export_root or paths.export_dir, RULES, **kwargs)


def _files(build) -> dict[str, bytes]:
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in build.rglob("*") if p.is_file()}


def _one_more_report_needed(paths) -> str:
    """Change the denial profile of one unpublished code (as a new report file would)."""
    with duckdb.connect(str(paths.warehouse), read_only=True) as conn:
        code, profile = conn.execute(
            "select hcpcs, cast(profile as varchar) from code_denial_profile where not published "
            "order by hcpcs limit 1"
        ).fetchall()[0]
    less = dict(json.loads(profile), reports_needed=json.loads(profile)["reports_needed"] + 1)
    edit_warehouse(
        paths, ("update code_denial_profile set profile = ? where hcpcs = ?", [json.dumps(less), code])
    )
    return code


def test_incremental_export_is_byte_identical_to_a_full_one(scratch, tmp_path):
    first = _first_export(scratch)
    changed = _one_more_report_needed(scratch)
    edit_warehouse(
        scratch,
        (
            "update code_payment_summary set national_nonfacility = national_nonfacility - 1 where hcpcs = '99213'",
            [],
        ),
    )
    twin = tmp_path / "twin_exports"
    shutil.copytree(
        scratch.export_dir, twin, symlinks=True, ignore=shutil.ignore_patterns(".trash", "*.lock")
    )

    incremental = _export(scratch, now=SECOND)
    full = _export(scratch, twin, now=SECOND, full=True)

    assert (incremental.mode, incremental.written) == ("incremental", 2)
    assert (full.mode, full.written) == ("full", full.documents)
    mine, theirs = _files(incremental.path), _files(full.path)
    assert mine.keys() == theirs.keys()
    differ = sorted(name for name in mine if mine[name] != theirs[name])
    assert differ == ["manifest.json"], differ
    manifest, reference = json.loads(mine["manifest.json"]), json.loads(theirs["manifest.json"])
    assert manifest.pop("mode") == "incremental" and reference.pop("mode") == "full"
    assert manifest == reference

    # generated_at is when a page's content last changed; the page files say so and the manifest too
    pages = {code: json.loads(mine[f"codes/{code}.json"]) for code in (changed, "99213", "99211")}
    assert pages[changed]["generated_at"] == pages["99213"]["generated_at"] == "2026-01-05T09:30:00Z"
    assert pages["99211"]["generated_at"] == "2026-01-05T09:00:00Z"
    assert manifest["pages"]["99211"] == "2026-01-05T09:00:00Z"
    # an unchanged page is the live build's file (a hard link), a changed one a new file
    assert (incremental.path / "codes" / "99211.json").stat().st_ino == (
        first.path / "codes" / "99211.json"
    ).stat().st_ino
    assert (incremental.path / "codes" / "99213.json").stat().st_ino != (
        first.path / "codes" / "99213.json"
    ).stat().st_ino
    changes = json.loads(mine["changes.json"])
    assert {c["hcpcs"] for c in changes["changes"]} == {changed, "99213"}
    assert export_build.verify_build(incremental.path, RULES, frozenset()) == []


def test_nothing_changed_carries_every_page(scratch):
    _first_export(scratch)
    again = _export(scratch, now=SECOND)
    assert (again.mode, again.written) == ("incremental", 0)
    assert again.changes["counts"]["codes_changed"] == 0
    assert set(again.manifest["pages"].values()) == {"2026-01-05T09:00:00Z"}


@pytest.mark.parametrize("what", ["rule library", "gate rules"])
def test_a_new_rule_library_or_gate_rules_rewrite_every_page(scratch, monkeypatch, what):
    _first_export(scratch)
    from pipelines.export import documents

    rules = RULES
    if what == "rule library":  # a new library version, as the guidance tables would carry it
        real = documents.guidance_sections
        monkeypatch.setattr(
            documents, "guidance_sections", lambda *args: {**real(*args), "rule_library": "next-library"}
        )
    else:
        rules = SuppressionRules(max_combinations=RULES.max_combinations + 1)
    with duckdb.connect(str(scratch.warehouse), read_only=True) as conn:
        result = export_code_pages(conn, scratch.export_dir, rules, now=SECOND)
    assert (result.mode, result.written) == ("full", result.documents)
    if what == "rule library":
        assert result.manifest["build_key"]["rule_library"] == "next-library"
    else:  # the content did not change, so neither did the time it last changed
        assert set(result.manifest["pages"].values()) == {"2026-01-05T09:00:00Z"}


def test_a_carried_page_equal_to_new_contributor_text_is_refused(scratch):
    first = _first_export(scratch)
    description = json.loads((first.path / "codes" / "99211.json").read_text())["description"]
    edit_warehouse(
        scratch,
        (
            "update reports set denial_reason_text = ? where report_id = (select min(report_id) from reports)",
            [description],
        ),
    )
    with pytest.raises(ExportRefused, match="99211.*contributor-typed free text"):
        _export(scratch, now=SECOND)
    assert current_build(scratch.export_dir) == first.path


def test_blocking_checks_skip_only_true_twins_of_the_live_build(scratch):
    """The staged build's checks trust a page file only when it IS the live build's file (same
    inode, same hash, same build key); a replaced file is read and checked again."""
    from pipelines.export.build import verified_twins, verify_contract, verify_privacy

    _first_export(scratch)
    changed = _one_more_report_needed(scratch)
    staged = _export(scratch, now=SECOND, stage_only=True).path
    twins = verified_twins(staged)
    assert f"codes/{changed}.json" not in twins and "codes/99211.json" in twins
    pages = {t for t in twins if t.startswith("codes/")}
    assert len(pages) == len(list((staged / "codes").iterdir())) - 1
    # the NCCI companion files of the carried pages are carried (and twins) with them
    assert {t for t in twins if t.startswith("ncci/")} == {
        f"ncci/{p.name}" for p in (staged / "ncci").iterdir() if f"codes/{p.name}" in pages
    }
    assert verify_contract(staged) == [] and verify_privacy(staged, RULES) == []

    page = staged / "codes" / "99211.json"
    doc = json.loads(page.read_text())
    page.unlink()  # a new file (new inode) in place of the carried link
    page.write_text(json.dumps(dict(doc, confidence="certain", contributor_id="x")))
    assert "codes/99211.json" not in verified_twins(staged)
    contract = "\n".join(verify_contract(staged))
    assert "codes/99211.json: schema" in contract and "codes/99211.json: SHA-256" in contract
    assert any("99211" in p and "forbidden field" in p for p in verify_privacy(staged, RULES))
