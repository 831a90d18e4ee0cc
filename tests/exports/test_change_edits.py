"""The change report's `edits` entry: a PTP edit or an MUE that changes between exports is listed
for every code page it appears on (issue 7: "codes whose ... edits ... changed")."""

from __future__ import annotations

import json

import duckdb

from pipelines.export.build import export_code_pages
from pipelines.marts.rules import SuppressionRules

from .conftest import edit_warehouse


def test_removed_edit_and_changed_mue_are_reported(scratch):
    edit_warehouse(
        scratch,
        ("delete from ncci_ptp where column1 = '20611' and column2 = '20610'", []),
        ("update ncci_mue set mue_value = mue_value + 1 where hcpcs = '97110'", []),
    )
    with duckdb.connect(str(scratch.warehouse), read_only=True) as conn:
        result = export_code_pages(conn, scratch.export_dir, SuppressionRules())
    changes = json.loads((result.path / "changes.json").read_text())
    by_code = {c["hcpcs"]: c for c in changes["changes"]}
    # the pair is gone from 20611's column-1 list and from 20610's column-2 list
    assert by_code["20611"] == {"hcpcs": "20611", "edits": {"added": 0, "removed": 1}}
    assert by_code["20610"] == {"hcpcs": "20610", "edits": {"added": 0, "removed": 1}}
    # a new MUE value is one edit replaced by another
    assert by_code["97110"]["edits"] == {"added": 1, "removed": 1}
    assert changes["counts"]["edits"] == 3 and changes["counts"]["codes_changed"] == len(by_code) == 3
    page = json.loads((result.path / "codes" / "20611.json").read_text())
    assert all(e["column2"] != "20610" for e in page["ncci"]["ptp_as_column1"])
