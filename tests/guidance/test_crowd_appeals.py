"""The appeals tip states the shown cells and nothing more: no "often won" when 1 of 6 was won."""

from __future__ import annotations

from pipelines.guidance.library import load_library
from pipelines.guidance.render import billing_tips, unbacked_numbers
from pipelines.guidance.verify import page_problems


def _facts(won, decided) -> dict:
    return {
        "release_id": "RVU25D",
        "hcpcs": "97140",
        "published": True,
        "report_count": 20,
        "appeals_won": won,
        "appeals_decided": decided,
        "appeals_shown": won is not None and bool(decided),
    }


def test_the_appeals_tip_quotes_the_shown_cells_without_judging_them():
    tips = {t["id"]: t for t in billing_tips(_facts(1, 6), load_library())}
    appeals = tips["crowd.appeals"]
    assert appeals["title"] == "Appeals of 97140 denials: 1 of 6 decided were won in full"
    assert "often" not in appeals["title"] + appeals["text"]
    assert appeals["impact"] == {
        "kind": "reports",
        "value": 1.0,
        "basis": "denials.appeals: won 1 of 6 decided, shown on this page",
    }
    assert unbacked_numbers(appeals) == set()
    # the gate accepts it on a page that shows won 1 of 6 decided, and refuses it on one that does not
    page = {"hcpcs": "97140", "billing_tips": [appeals], "denials": {"published": True, "appeals": {}}}
    page["denials"]["appeals"] = {"won": 1, "decided": 6}
    assert page_problems(page) == []
    page["denials"]["appeals"] = {"won": None, "decided": None}
    assert "is not a cell shown on the page" in "\n".join(page_problems(page))


def test_no_appeals_tip_when_the_page_does_not_show_decided_appeals():
    for won, decided in ((None, None), (0, 0), (None, 6)):
        assert "crowd.appeals" not in {t["id"] for t in billing_tips(_facts(won, decided), load_library())}
