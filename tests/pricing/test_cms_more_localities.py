"""More localities against CMS's own 2025 A payment files: Miami, rest of Florida, rest of New York.

tests/fixtures/pricing/pf25a_more_localities.txt holds verbatim lines of PFFL25A.TXT and
PFNY25R.TXT (see tests/fixtures/pricing/README.md); every NF and F amount must match to the cent,
priced from RVU25A with the CY2025 GPCIs (borrowed from RVU25D, same CMS year), NA settings included.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pipelines.pricing import lookup
from pipelines.pricing.quote import quote

FIXTURE = Path(__file__).parents[1] / "fixtures" / "pricing" / "pf25a_more_localities.txt"


def _vectors() -> list[tuple[str, str, str, str, Decimal, Decimal]]:
    out = []
    for line in FIXTURE.read_text().splitlines():
        f = [cell.strip('"') for cell in line.split('","')]
        out.append((f"{f[1]}-{f[2]}", f[3], f[4].strip(), f[9], Decimal(f[5]), Decimal(f[6])))
    return out


VECTORS = _vectors()


def test_fixture_spans_three_more_localities_and_component_rows():
    assert len(VECTORS) == 65
    assert {v[0] for v in VECTORS} == {"09102-04", "09102-99", "13282-99"}
    assert {v[2] for v in VECTORS} == {"", "26", "TC"} and {v[3] for v in VECTORS} == {"A", "R"}


def test_every_amount_matches_cms_to_the_cent(conn):
    sql = (
        "select fee_schedule_amount from payment where release_id = 'RVU25A' and hcpcs = ? and modifier = ? "
        "and mac = ? and locality = ? and setting = ?"
    )
    wrong = []
    for locality, hcpcs, mod, _status, nonfacility, facility in VECTORS:
        mac, loc = locality.split("-")
        for setting, expected in (("nonfacility", nonfacility), ("facility", facility)):
            amount = conn.execute(sql, [hcpcs, mod, mac, loc, setting]).fetchone()[0]
            if amount != expected:
                wrong.append((locality, hcpcs, mod, setting, amount, expected))
    assert wrong == []


def test_quote_pays_it_na_settings_included(conn):
    for locality, hcpcs, mod, status, nonfacility, facility in VECTORS:
        row = lookup.rvu_rows(conn, "RVU25A", hcpcs)[mod]
        for setting, expected in (("nonfacility", nonfacility), ("facility", facility)):
            price = quote(conn, hcpcs, (mod,) if mod else (), locality=locality, setting=setting, on=None,
                          release_id="RVU25A")  # fmt: skip
            na = row["pe_facility_na" if setting == "facility" else "pe_nonfacility_na"]
            assert price.status_code == status
            assert price.na_indicator is na and ("flagged NA" in price.reason) is na, (hcpcs, setting)
            assert price.amount == expected, (locality, hcpcs, mod, setting, price.reason)
