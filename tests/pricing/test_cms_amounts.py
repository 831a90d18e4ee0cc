"""The engine against amounts CMS itself publishes (payment files PFAL25A / PFAK25A, docs/cms_rules.md §1 vectors).

tests/fixtures/pricing/pf25a_selected.txt holds verbatim lines of CMS's 2025 A per-carrier payment
files (Alabama 10112-00, Alaska 02102-01 with its 1.5 work GPCI floor): NF and F amounts, the 50 %
therapy reduction amounts and the OPPS amounts. They are priced here from RVU25A (whose GPCIs come
from the same-year RVU25D release) and must match to the cent.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.pricing import engine, lookup
from pipelines.pricing.model import to_cents
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


def _geo(conn, locality: str):
    loaded = lookup.releases(conn)
    release = lookup.choose_release(conn, loaded, release_id="RVU25A")
    return lookup.geography(conn, loaded, release, locality=locality)[0]


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
        rows = lookup.rvu_rows(conn, "RVU25A", v["hcpcs"])
        amount = to_cents(engine.fee(rows[v["modifier"]], _geo(conn, v["locality"]), setting))
        if amount != v[setting]:
            mismatches.append((v["hcpcs"], v["modifier"], v["locality"], amount, v[setting]))
    assert mismatches == []


@pytest.mark.parametrize("setting", ["nonfacility", "facility"])
def test_quote_pays_the_cms_amount_or_says_why_not(conn, setting):
    """Payable codes (A, T and R with RVUs) get CMS's amount, capped at the OPPS amount; NA -> None."""
    for v in VECTORS:
        mods = (v["modifier"],) if v["modifier"] else ()
        price = quote(conn, v["hcpcs"], mods, locality=v["locality"], setting=setting, release_id="RVU25A")
        row = lookup.rvu_rows(conn, "RVU25A", v["hcpcs"])[v["modifier"]]
        if row["pe_facility_na" if setting == "facility" else "pe_nonfacility_na"]:
            assert price.amount is None and "NA" in price.reason, v
            continue
        expected = v[setting]
        if v["opps_ind"] == "1":
            expected = min(expected, v["opps"][setting])
        assert price.amount == expected, (v["hcpcs"], v["modifier"], price.reason)
        assert price.status_code == v["status"]


def test_therapy_reduction_matches_cms_fifty_percent_pe_amounts(conn):
    therapy = [v for v in VECTORS if v["mult_proc"] == "5"]
    assert len(therapy) >= 8
    for v in therapy:
        price = quote(conn, v["hcpcs"], ("51",), locality=v["locality"], release_id="RVU25A")
        assert price.amount == v["therapy"][0], v["hcpcs"]


def test_opps_amounts_match_the_rvu_formula(conn):
    for v in (v for v in VECTORS if v["opps_ind"] == "1"):
        row = lookup.rvu_rows(conn, "RVU25A", v["hcpcs"])[v["modifier"]]
        for setting in ("nonfacility", "facility"):
            assert to_cents(engine.opps_amount(row, _geo(conn, v["locality"]), setting)) == v["opps"][setting]


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


def test_knee_replacement_is_not_priced_in_an_office(conn):
    price = quote(conn, "27447", locality="10112-00", setting="nonfacility", release_id="RVU25D")
    assert price.amount is None and "NA" in price.reason


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
