"""The engine against amounts CMS itself publishes (payment files PFAL25A / PFAK25A, docs/cms_rules.md §1 vectors).

tests/fixtures/pricing/pf25a_selected.txt holds verbatim lines of CMS's 2025 A per-carrier payment
files (Alabama 10112-00, Alaska 02102-01 with its 1.5 work GPCI floor): NF and F amounts, the 50 %
therapy reduction amounts and the OPPS amounts. They are priced here from RVU25A (whose GPCIs come
from the same-year RVU25D release) and must match to the cent, NA settings included: CMS prints the
formula's amount there and so do we, flagged (na_indicator).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.pricing import lookup
from pipelines.pricing.quote import quote

FIXTURE = Path(__file__).parents[1] / "fixtures" / "pricing" / "pf25a_selected.txt"


def _vectors() -> list[dict]:
    out = []
    for line in FIXTURE.read_text().splitlines():
        f = [cell.strip('"') for cell in line.split('","')]
        out.append(
            {
                "locality": f"{f[1]}-{f[2]}", "hcpcs": f[3], "modifier": f[4].strip(),
                "nonfacility": Decimal(f[5]), "facility": Decimal(f[6]), "pctc": f[8], "status": f[9],
                "mult_proc": f[10], "therapy": (Decimal(f[11]), Decimal(f[12])), "opps_ind": f[13],
                "opps": {"nonfacility": Decimal(f[14]), "facility": Decimal(f[15])},
            }
        )  # fmt: skip
    return out


VECTORS = _vectors()


def _payment(conn, release_id: str, hcpcs: str, modifier: str, locality: str, setting: str, column: str):
    """One column of the payment view (the formula, before status and modifiers) for a CMS locality."""
    mac, loc = locality.split("-")
    sql = (
        f"select {column} from payment where release_id = ? and hcpcs = ? and modifier = ? and mac = ? "
        "and locality = ? and setting = ?"
    )
    return conn.execute(sql, [release_id, hcpcs, modifier, mac, loc, setting]).fetchone()[0]


def test_fixture_covers_the_edge_cases():
    assert len(VECTORS) == 115
    assert {v["status"] for v in VECTORS} == {"A", "R", "T"}
    assert {v["pctc"] for v in VECTORS} >= {"0", "1", "2", "3", "4", "5", "7", "9"}
    assert {v["modifier"] for v in VECTORS} == {"", "26", "TC"}
    assert {v["locality"] for v in VECTORS} == {"10112-00", "02102-01"}
    assert any(v["opps_ind"] == "1" and v["opps"]["nonfacility"] < v["nonfacility"] for v in VECTORS)


@pytest.mark.parametrize("setting", ["nonfacility", "facility"])
def test_fee_schedule_amount_matches_cms_payment_file(conn, setting):
    """Every CMS amount, NA settings included (CMS prints the formula's number there too)."""
    mismatches = []
    for v in VECTORS:
        amount = _payment(
            conn, "RVU25A", v["hcpcs"], v["modifier"], v["locality"], setting, "fee_schedule_amount"
        )
        if amount != v[setting]:
            mismatches.append((v["hcpcs"], v["modifier"], v["locality"], amount, v[setting]))
    assert mismatches == []


@pytest.mark.parametrize("setting", ["nonfacility", "facility"])
def test_quote_pays_the_cms_amount_na_settings_included(conn, setting):
    """Payable codes (A, T and R with RVUs) get CMS's amount, capped at the OPPS amount; an NA setting
    gets CMS's amount too, flagged NA with a reason that says so."""
    na_rows = 0
    for v in VECTORS:
        mods = (v["modifier"],) if v["modifier"] else ()
        price = quote(conn, v["hcpcs"], mods, locality=v["locality"], setting=setting, release_id="RVU25A")
        row = lookup.rvu_rows(conn, "RVU25A", v["hcpcs"])[v["modifier"]]
        na = row["pe_facility_na" if setting == "facility" else "pe_nonfacility_na"]
        assert price.na_indicator is na, v
        if na:
            na_rows += 1
            assert f"the {setting} setting is flagged NA (rarely or never performed there)" in price.reason
            assert "CMS's payment files still price it" in price.reason
        expected = v[setting]
        if v["opps_ind"] == "1":
            expected = min(expected, v["opps"][setting])
        assert price.amount == expected, (v["hcpcs"], v["modifier"], price.reason)
        assert price.status_code == v["status"]
    assert na_rows > 0  # the fixture has NA rows on both sides


def test_therapy_reduction_matches_cms_fifty_percent_pe_amounts(conn):
    therapy = [v for v in VECTORS if v["mult_proc"] == "5"]
    assert len(therapy) >= 8
    for v in therapy:
        price = quote(conn, v["hcpcs"], ("51",), locality=v["locality"], release_id="RVU25A")
        assert price.amount == v["therapy"][0], v["hcpcs"]


def test_opps_amounts_match_the_rvu_formula(conn):
    for v in (v for v in VECTORS if v["opps_ind"] == "1"):
        for setting in ("nonfacility", "facility"):
            opps = _payment(
                conn, "RVU25A", v["hcpcs"], v["modifier"], v["locality"], setting, "opps_cap_amount"
            )
            assert opps == v["opps"][setting]


@pytest.mark.parametrize(
    ("hcpcs", "mod", "locality", "setting", "expected"),
    [
        ("99213", "", "10112-00", "nonfacility", "81.86"),
        ("99213", "", "10112-00", "facility", "59.93"),
        ("99213", "", "01182-18", "nonfacility", "98.19"),
        ("99213", "", "01182-18", "facility", "68.06"),
        ("71046", "", "10112-00", "nonfacility", "29.13"),
        ("71046", "26", "10112-00", "nonfacility", "9.55"),
        ("71046", "TC", "10112-00", "nonfacility", "19.58"),
        ("27447", "", "10112-00", "facility", "1138.09"),
    ],
)
def test_cms_rules_vectors_rvu25d(conn, hcpcs, mod, locality, setting, expected):
    """docs/cms_rules.md §1: RVU25D + GPCI2025 reproduce CMS's PFREV25C amounts."""
    price = quote(conn, hcpcs, (mod,) if mod else (), locality=locality, setting=setting, release_id="RVU25D")
    assert price.amount == Decimal(expected)


def test_knee_replacement_in_an_office_is_priced_and_flagged_na(conn):
    """27447 non-facility national: W 19.60 + NF PE 15.30 (= its facility PE) + MP 3.98 = 38.88 RVUs x CF."""
    price = quote(conn, "27447", setting="nonfacility", release_id="RVU25D")
    cf = lookup.rvu_rows(conn, "RVU25D", "27447")[""]["conversion_factor"]
    assert price.amount == (Decimal("38.88") * cf).quantize(Decimal("0.01")) == Decimal("1257.63")
    assert price.na_indicator is True and "nonfacility setting is flagged NA" in price.reason


def test_pfrev25c_76145_facility_in_01112_05(conn):
    """CMS_RULES: PFREV25C prices 76145 in facility at $1,339.81 in 01112-05 (facility PE 29.03 flagged NA,
    the same as its non-facility PE), i.e. the same as the non-facility amount."""
    for setting in ("facility", "nonfacility"):
        price = quote(conn, "76145", locality="01112-05", setting=setting, release_id="RVU25D")
        assert price.amount == Decimal("1339.81"), setting
        assert price.na_indicator is (setting == "facility")


def test_every_oppscap_row_is_the_opps_formula_where_it_binds(conn):
    """OPPSCAP_Oct (RVU-priced rows) equals the RVU25D OPPS formula and is never above the PFS amount."""
    rows = conn.execute(
        """
        select p.hcpcs, p.modifier, p.mac, p.locality, p.setting, p.fee_schedule_amount, p.opps_cap_amount,
            round((p.work_rvu * p.work_gpci + if(p.setting = 'facility', v.opps_pe_facility_rvu,
                v.opps_pe_nonfacility_rvu) * p.pe_gpci + v.opps_mp_rvu * p.mp_gpci) * p.conversion_factor, 2)
        from payment as p
        join opps_cap as o using (release_id, hcpcs, modifier, mac, locality)
        join rvu as v using (release_id, hcpcs, modifier)
        where p.release_id = 'RVU25D' and o.proc_status = 'A'
        """
    ).fetchall()
    assert len(rows) > 10_000
    assert [r for r in rows if r[6] != r[7] or r[6] > r[5]] == []
