"""Denial explanations link a shown reason to the code's CMS facts; crowd data only from shown cells."""

from __future__ import annotations

import json

from pipelines.guidance.render import denial_explanations
from pipelines.guidance.verify import page_problems
from pipelines.lib.sql import fetch_dicts


def _explanations(conn, code: str) -> dict[str, dict]:
    rows = fetch_dicts(
        conn.execute(
            "select * from code_denial_explanations where release_id = 'RVU25D' and hcpcs = ? order by rank",
            [code],
        )
    )
    return {
        r["reason"]: r
        | {"evidence": json.loads(r["evidence"]), "likely_causes": json.loads(r["likely_causes"])}
        for r in rows
    }


def test_co97_on_97140_names_the_pair_quarter_and_indicator(conn):
    co97 = _explanations(conn, "97140")["CO-97"]
    assert co97["meaning"].startswith("The benefit for this service is included in the payment/allowance")
    assert co97["likely_causes"][0] == (
        "97140 is column 2 of an active NCCI pair with 97545 (modifier indicator 0: no modifier bypasses it; "
        "bill one or the other)"
    )
    assert "59/XU" in co97["likely_causes"][1] and "97530" in co97["likely_causes"][1]
    refs = [e["ref"] for e in co97["evidence"]]
    assert refs[:2] == ["denials.top_reasons CO-97 12 of 20", "X12 CARC 97"]
    assert (
        "NCCI 2025Q4 PTP 97545/97140 modifier 0" in refs and "NCCI 2025Q4 PTP 97530/97140 modifier 1" in refs
    )


def test_co59_on_an_always_therapy_code_cites_the_therapy_reduction_not_surgery(conn):
    refs = [e["ref"] for e in _explanations(conn, "97140")["CO-59"]["evidence"]]
    assert "RVU25D 97140 MULT PROC indicator 5" in refs
    assert any("ch.5 s.10.7" in r for r in refs) and not any("multiple surgeries" in r for r in refs)


def test_status_and_authorization_reasons_of_97545(conn):
    found = _explanations(conn, "97545")
    assert list(found) == ["CO-96", "CO-197", "CO-50"]  # the page order of the shown cells
    assert "97545 has Medicare status R" in found["CO-96"]["likely_causes"][0]
    assert {
        "source": "cms_rvu",
        "ref": "RVU25D 97545 status R",
        "detail": "Restricted coverage: special coverage instructions apply",
    } in found["CO-96"]["evidence"]
    assert "authorization" in found["CO-197"]["prevention"]


def test_codes_without_a_published_profile_have_no_explanations_or_crowd_tips(conn):
    assert conn.execute("select distinct hcpcs from code_denial_explanations order by 1").fetchall() == [
        ("97140",),
        ("97545",),
    ]
    crowd = conn.execute(
        "select distinct hcpcs from code_billing_tips where cast(evidence as varchar) like '%crowd_denials%' order by 1"
    ).fetchall()
    assert crowd == [("97140",), ("97545",)]


def test_suppressed_cells_are_never_explained_or_cited():
    from pipelines.guidance.library import load_library

    profile = {
        "published": True,
        "report_count": 20,
        "top_reasons": [
            {"key": "CO-97", "count": 15, "share": 0.75},
            {"key": "CO-16", "count": None, "share": None, "suppressed": True},
            {"key": "CO-4", "count": None, "share": None, "suppressed": True},
        ],
    }
    facts = {"hcpcs": "97140", "release_id": "RVU25D", "ptp_col2": [], "status_code": "A"}
    out = denial_explanations(facts, profile, load_library(), {"CARC 97": "Included in another service."})
    assert [e["key"] for e in out] == ["CO-97"]
    assert denial_explanations(facts, {"published": False}, load_library(), {}) == []


def test_page_check_flags_crowd_citations_the_page_does_not_show():
    doc = {
        "hcpcs": "97140",
        "denials": {
            "published": True,
            "report_count": 20,
            "top_reasons": [
                {"key": "CO-97", "count": 15, "share": 0.75},
                {"key": "CO-16", "count": None, "suppressed": True},
            ],
        },
        "billing_tips": [
            {
                "id": "a.b",
                "title": "t",
                "text": "15 of 20",
                "impact": None,
                "evidence": [{"source": "crowd_denials", "ref": "denials.top_reasons CO-97 15 of 20"}],
            },
            {
                "id": "a.c",
                "title": "t",
                "text": "4 of 20",
                "impact": None,
                "evidence": [{"source": "crowd_denials", "ref": "denials.top_reasons CO-16 4 of 20"}],
            },
        ],
    }
    problems = page_problems(doc)
    assert len(problems) == 1 and "CO-16 4 of 20" in problems[0]
