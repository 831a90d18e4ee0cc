"""Multiple procedures on one claim, release-by-date, GPCI borrowing and locality resolution."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest

from pipelines.lib.sql import ensure_tables, run_sql
from pipelines.ops.state import release_in_effect
from pipelines.pricing import lookup
from pipelines.pricing.claim import quote_claim
from pipelines.pricing.lookup import Release, choose_release
from pipelines.pricing.model import Line, PricingError
from pipelines.pricing.quote import quote


def _claim(conn, codes, setting="facility"):
    return [p.amount for p in quote_claim(conn, codes, setting=setting, release_id="RVU25D")]


def test_standard_ranking_pays_the_highest_in_full(conn):
    # 27447 (1257.63) outranks 11042, which is paid at 50 % whatever the order on the claim.
    alone = quote(conn, "11042", setting="facility").exact
    assert _claim(conn, [Line("11042"), Line("27447")]) == [
        (alone / 2).quantize(Decimal("0.01")),
        Decimal("1257.63"),
    ]


def test_endoscopy_family_then_ranked_as_one(conn):
    # Facility RVUs: 45385 7.51, 45380 5.96, base 45378 5.48 (x 32.3465).
    # Family first: 45385 in full (242.922215); 45380 minus the base: 192.785140 - 177.258820 = 15.526320;
    # the base billed with them is not paid [RVU25D MULT PROC 3].
    assert _claim(conn, [Line("45380"), Line("45385"), Line("45378")]) == [
        Decimal("15.53"),
        Decimal("242.92"),
        Decimal("0.00"),
    ]
    # With a bigger surgery the family ranks 2nd and is paid at 50 %: 121.461108 and 7.763160.
    assert _claim(conn, [Line("45380"), Line("27447"), Line("45385")]) == [
        Decimal("7.76"),
        Decimal("1257.63"),
        Decimal("121.46"),
    ]


def test_therapy_claim_reduces_all_but_the_highest_pe_unit(conn):
    # 97110 (PE 0.43) keeps its full PE; 97140 (PE 0.40) is paid 0.43 + 0.20 + 0.01 = 0.64 -> 20.701760
    assert _claim(conn, [Line("97140"), Line("97110")], "nonfacility") == [Decimal("20.70"), Decimal("28.79")]


def test_imaging_same_family_second_is_reduced(conn):
    amounts = _claim(conn, [Line("77046"), Line("77047")], "nonfacility")
    first = quote(conn, "77047", setting="nonfacility").amount  # the higher TC+PC amount is ranked first
    assert amounts[1] == first and amounts[0] == Decimal("133.87")


def _release(rid, eff, year=2025, correction=False, gpci=True):
    return Release(rid, year, correction, eff, eff, gpci, gpci, gpci)


CALENDAR = [
    _release("RVU25A", date(2025, 1, 1), gpci=False),
    _release("RVU25AR", date(2025, 1, 1), correction=True, gpci=False),
    _release("RVU25B", date(2025, 4, 1)),
    _release("RVU25D", date(2025, 10, 1)),
]


def _insert(db, release: Release) -> None:
    params = {
        "release_id": release.release_id, "year": release.year, "quarter_letter": release.release_id[5],
        "is_correction": release.is_correction, "released_on": release.released_on,
        "effective_from": release.effective_from, "title": None, "source": "test", "landing_sha256": "x",
        "files": "[]", "missing_tables": [], "row_counts": "{}", "rows_read": 1, "rows_loaded": 1,
        "rows_rejected": 0, "loaded_at": datetime(2025, 1, 1),
    }  # fmt: skip
    run_sql(db, "rvu/releases", params)


@pytest.fixture
def calendar_db(tmp_path):
    """A tmp warehouse whose releases table holds CALENDAR (choose_release asks it what is in effect)."""
    with duckdb.connect(str(tmp_path / "calendar.duckdb")) as db:
        ensure_tables(db, "releases", "release_calendar")
        for release in CALENDAR:
            _insert(db, release)
        yield db


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 1, 1), "RVU25AR"),  # a correction replaces its release
        (date(2025, 3, 31), "RVU25AR"),
        (date(2025, 4, 1), "RVU25B"),
        (date(2025, 9, 30), "RVU25B"),  # no C loaded: B stays in effect
        (date(2025, 12, 31), "RVU25D"),
    ],
)
def test_release_in_effect_on_the_date_of_service(calendar_db, on, expected):
    assert choose_release(calendar_db, CALENDAR, on=on).release_id == expected
    assert choose_release(calendar_db, CALENDAR, on=on).release_id == release_in_effect(calendar_db, on)[0]


def test_release_by_date_follows_the_pprrvu_track(calendar_db):
    tracks = [
        _release("RVU26A_NONQPP", date(2026, 1, 1), 2026),
        _release("RVU26A_QPP", date(2026, 1, 1), 2026),
    ]
    for release in tracks:
        _insert(calendar_db, release)
    loaded = CALENDAR + tracks
    assert choose_release(calendar_db, loaded, on=date(2026, 2, 1)).release_id == "RVU26A_NONQPP"
    assert choose_release(calendar_db, loaded, on=date(2026, 2, 1), track="QPP").release_id == "RVU26A_QPP"
    assert choose_release(calendar_db, loaded, on=date(2025, 5, 1), track="QPP").release_id == "RVU25B"
    assert choose_release(calendar_db, loaded).release_id == "RVU26A_NONQPP"  # latest of the track


def test_release_errors_name_what_is_valid(calendar_db):
    with pytest.raises(PricingError, match=r"covers the date of service 2026-01-02 \(NONQPP track\)") as err:
        choose_release(calendar_db, CALENDAR, on=date(2026, 1, 2))
    assert "RVU25D from 2025-10-01" in err.value.hint
    with pytest.raises(PricingError, match="release RVU24D is not loaded"):
        choose_release(calendar_db, CALENDAR, release_id="RVU24D")
    assert choose_release(calendar_db, CALENDAR).release_id == "RVU25D"


def test_release_without_gpci_borrows_the_same_year_and_says_so(conn):
    assert lookup.borrowed(CALENDAR, CALENDAR[0], "has_gpci").release_id == "RVU25D"
    price = quote(conn, "99213", locality="10112-00", on=date(2025, 2, 3))
    assert price.release_id == "RVU25A" and price.gpci_release_id == "RVU25D"
    assert any("RVU25A has no GPCI file: GPCIs from RVU25D" in n for n in price.notes)


def test_localities_by_mac_zip_and_state(conn):
    assert quote(conn, "99213", zip_code="35203").locality == "10112-00"  # Birmingham, AL
    assert quote(conn, "99213", locality="AK").locality == "02102-01"
    assert quote(conn, "99213", locality="1112-5").locality == "01112-05"  # CMS CSV drops leading zeros
    with pytest.raises(PricingError, match="CA has 29 payment localities") as err:
        quote(conn, "99213", locality="CA")
    assert "01182-18 LOS ANGELES" in err.value.hint
    with pytest.raises(PricingError, match="ZIP 00000 maps to no Medicare payment locality"):
        quote(conn, "99213", zip_code="00000")
    with pytest.raises(PricingError, match="no payment locality 10112-99") as err:
        quote(conn, "99213", locality="10112-99")
    assert "10112-00" in err.value.hint


def test_zip_split_by_zip4_is_flagged(conn):
    split = conn.execute("select zip5 from zip_locality where plus_four_flag = '1' limit 1").fetchone()[0]
    assert any("split by ZIP+4" in n for n in quote(conn, "99213", zip_code=split).notes)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("97545", "contractor priced"),  # R, no RVUs: the seed example
        ("97546", "contractor priced"),
        ("0633T", "contractor priced"),  # C
        ("J1100", "excluded by regulation"),  # E
        ("0001F", "not valid for Medicare"),  # I
        ("99080", "bundled"),  # B
        ("A0425", "statutory exclusion"),  # X (ambulance)
    ],
)
def test_unpriced_statuses_say_why(conn, code, reason):
    price = quote(conn, code)
    assert price.amount is None and reason in price.reason


def test_every_status_in_the_file_gets_an_answer(conn):
    statuses = conn.execute(
        "select status_code, min(hcpcs) from rvu where release_id = 'RVU25D' and modifier = '' group by 1"
    ).fetchall()
    assert {s for s, _ in statuses} == set("ABCEIJMNPRTX")
    for status, code in statuses:
        price = quote(conn, code)
        assert price.reason and (price.amount is not None) == (status in "AT"), (status, code, price.reason)
