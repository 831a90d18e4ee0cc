"""The privacy gate finds violations planted in the FILES of a copy of the live export."""

from __future__ import annotations

import json
import shutil

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.export.build import free_texts, verify_contract, verify_privacy
from pipelines.export.publish import current_build
from pipelines.marts.rules import SuppressionRules

RULES = SuppressionRules()


@pytest.fixture
def build(sample_run, tmp_path):
    copy = tmp_path / "build"
    shutil.copytree(current_build(sample_run.paths.export_dir), copy)
    return copy


@pytest.fixture(scope="module")
def forbidden(sample_run):
    with duckdb.connect(str(sample_run.warehouse), read_only=True) as conn:
        return free_texts(conn)


def _edit(build, code, change):
    path = build / "codes" / f"{code}.json"
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))


def _published(build) -> str:
    for path in sorted((build / "codes").glob("*.json")):
        if json.loads(path.read_text())["denials"]["published"]:
            return path.stem
    raise AssertionError("no published code in the sample")


def test_clean_copy_passes(build, forbidden):
    assert forbidden, "the sample reports carry free text"
    assert verify_privacy(build, RULES, forbidden) == []


def test_contributor_id_under_any_key_is_caught(build, forbidden):
    _edit(build, "99211", lambda d: d["status"].update(label="ab" * 32))
    problems = verify_privacy(build, RULES, forbidden)
    assert any("99211" in p and "contributor id" in p for p in problems)


def test_forbidden_key_and_report_id_are_caught(build, forbidden):
    _edit(build, "99212", lambda d: d.update(contributor_id="x", note="123e4567-e89b-12d3-a456-426614174000"))
    problems = "\n".join(verify_privacy(build, RULES, forbidden))
    assert "forbidden field $.contributor_id" in problems and "looks like a report id" in problems


def test_contributor_free_text_is_caught(build, forbidden):
    text = sorted(forbidden)[0]
    code = _published(build)
    _edit(build, code, lambda d: d["denials"]["top_reasons"][0].update(label=text))
    problems = verify_privacy(build, RULES, forbidden)
    assert any(code in p and "contributor-typed free text" in p for p in problems)


def test_free_text_field_in_denials_is_caught(build, forbidden):
    code = _published(build)
    _edit(build, code, lambda d: d["denials"].update(biller_note="called the payer twice"))
    assert any("text field $.denials.biller_note" in p for p in verify_privacy(build, RULES, forbidden))


def test_small_cell_is_caught(build, forbidden):
    code = _published(build)

    def plant(doc):
        cell = next(c for c in doc["denials"]["by_payer_type"] if c["count"] is not None)
        cell.update(count=3, share=round(3 / doc["denials"]["report_count"], 4))

    _edit(build, code, plant)
    assert any(code in p and "below min_cell" in p for p in verify_privacy(build, RULES, forbidden))


def test_single_suppressed_cell_is_caught(build, forbidden):
    code = _published(build)

    def plant(doc):
        cells = doc["denials"]["by_place_of_service"]
        for cell in cells:
            if cell["count"] is None:
                cell.update(count=5, share=0.1, suppressed=False)
        cells[0].update(count=None, share=None, suppressed=True)

    _edit(build, code, plant)
    assert any(
        code in p and "exactly one suppressed cell" in p for p in verify_privacy(build, RULES, forbidden)
    )


def test_unpublished_code_showing_reasons_is_caught(build, forbidden):
    _edit(
        build, "27447", lambda d: d["denials"].update(top_reasons=[{"key": "CO-197", "count": 3, "share": 1}])
    )
    assert any("27447" in p and "unpublished code" in p for p in verify_privacy(build, RULES, forbidden))


def test_parquet_with_extra_column_or_altered_row_is_caught(build, forbidden):
    path = build / "code_pages.parquet"
    table = pq.read_table(path)
    pq.write_table(table.append_column("contributor_id", pa.array(["c" * 64] * table.num_rows)), path)
    assert any("columns differ" in p for p in verify_privacy(build, RULES, forbidden))
    reasons = table.column("confidence_reason").to_pylist()
    reasons[0] = "ab" * 32
    pq.write_table(
        table.set_column(
            table.schema.get_field_index("confidence_reason"), "confidence_reason", pa.array(reasons)
        ),
        path,
    )
    assert any("not derived from its document" in p for p in verify_privacy(build, RULES, forbidden))


def test_contract_check_catches_schema_and_hash_violations(build):
    assert verify_contract(build) == []
    _edit(build, "99211", lambda d: d.update(confidence="certain"))
    problems = verify_contract(build)
    assert any("99211" in p and "schema" in p for p in problems)
    assert any("99211" in p and "SHA-256" in p for p in problems)


def test_text_screen_gives_the_walks_answer(build, forbidden):
    """gate.screen_page (regex screen over the text, walk only when flagged) == gate.check_page (walk)
    on every sample page and on pages with each kind of planted violation."""
    from pipelines.export import gate

    text = sorted(forbidden)[0]
    plants = [
        lambda d: d["status"].update(label="ab" * 32),
        lambda d: d["status"].update(label="ab" * 32 + "\n"),
        lambda d: d.update(contributor_id="x"),
        lambda d: d["rvu"].update(note="123E4567-E89B-12D3-A456-426614174000"),
        lambda d: d.update(description=text),
        lambda d: d.update(**{"source\u005ffile": "x"}),
        lambda d: d["denials"].update(biller_note="called the payer twice"),
    ]
    paths = sorted((build / "codes").glob("*.json"))
    docs = [json.loads(p.read_text()) for p in paths]
    for i, plant in enumerate(plants):
        plant(docs[i])
    flagged = 0
    for doc in docs:
        for text_form in (json.dumps(doc, ensure_ascii=False, separators=(",", ":")), json.dumps(doc)):
            walked = gate.check_page(doc, RULES, forbidden)
            assert gate.screen_page(text_form, doc, RULES, forbidden) == walked, doc["hcpcs"]
            flagged += bool(walked)
    assert flagged >= 2 * len(plants)
