"""Hand-worked examples, one per modifier rule, national RVU25D (all GPCIs 1.000, CF 32.3465).

Each expected amount is worked out in the comment from the code's RVUs in PPRRVU2025_Oct.csv and
the rule's source (docs/pricing_rules.md); the engine must round once, at the end, half up.
27447 (total knee): W 19.60 + F PE 15.30 + MP 3.98 = 38.88 RVU -> 38.88 x 32.3465 = 1257.631920.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.pricing.model import PricingError
from pipelines.pricing.quote import quote


def _amount(conn, code, mods=(), setting="facility", **kw):
    return quote(conn, code, tuple(mods), setting=setting, release_id="RVU25D", **kw).amount


@pytest.mark.parametrize(
    ("mods", "expected", "rule"),
    [
        ((), "1257.63", "fee schedule amount"),
        (("50",), "1886.45", "BILAT SURG 1: 150 % -> 1886.447880 [RVU25D]"),
        (("51",), "628.82", "MULT PROC 2, 2nd procedure 50 % -> 628.815960 [RVU25D]"),
        (("50", "51"), "943.22", "bilateral before multiple procedure: 1.5 x 0.5 -> 943.223940 [RVU25D]"),
        (("62",), "786.02", "co-surgeon 62.5 % -> 786.019950 [CPM12 40.8; FCSO]"),
        (("62", "51"), "393.01", "co-surgery on the reduced amount: 0.5 x 0.625 -> 393.009975"),
        (("80",), "201.22", "assistant 16 % -> 201.221107 [CPM12 20.4.3]"),
        (("82",), "201.22", "assistant (no resident) 16 %"),
        (("AS",), "171.04", "non-physician assistant 85 % of 16 % -> 171.037941 [Noridian; MM6123]"),
        (("80", "51"), "100.61", "assistant on a secondary procedure: 0.5 x 0.16 -> 100.610554"),
        (("54",), "993.53", "surgical care only: pre 0.10 + intra 0.69 -> 993.529217 [RVU25D]"),
        (("55",), "264.10", "postoperative only: post 0.21 -> 264.102703"),
        (("56",), "125.76", "preoperative only: pre 0.10 -> 125.763192"),
    ],
)
def test_total_knee_modifiers(conn, mods, expected, rule):
    assert _amount(conn, "27447", mods) == Decimal(expected), rule


def test_team_surgery_and_53_say_contractor(conn):
    with pytest.raises(PricingError, match="TEAM SURG indicator 0"):
        _amount(conn, "27447", ("66",))
    assert "contractor" in quote(conn, "27447", ("53",), setting="facility").reason
    # 45378-53 has its own RVUs [RVU25D]: 1.63 + 3.22 + 0.22 = 5.07 -> 163.996755
    assert _amount(conn, "45378", ("53",), "nonfacility") == Decimal("164.00")


def test_pc_tc_rows_and_forbidden_components(conn):
    # 71046 national NF: global 1.01, -26 0.31, -TC 0.70 RVU x 32.3465
    assert _amount(conn, "71046", (), "nonfacility") == Decimal("32.67")
    assert _amount(conn, "71046", ("26",), "nonfacility") == Decimal("10.03")
    assert _amount(conn, "71046", ("TC",), "nonfacility") == Decimal("22.64")
    with pytest.raises(PricingError, match="PC/TC indicator 0"):
        _amount(conn, "99213", ("26",))
    with pytest.raises(PricingError, match="cannot be billed together"):
        _amount(conn, "71046", ("26", "TC"))


def test_bilateral_indicators(conn):
    # 73560 BILAT 3: each side at 100 % -> 1.02 x 32.3465 x 2 = 65.98686
    assert _amount(conn, "73560", ("50",), "nonfacility") == Decimal("65.99")
    # 69210 BILAT 2: RVUs already bilateral -> 100 %: 1.44 x 32.3465 = 46.57896
    assert _amount(conn, "69210", ("50",), "nonfacility") == Decimal("46.58")
    with pytest.raises(PricingError, match="BILAT SURG indicator 9"):
        _amount(conn, "11300", ("50",))


def test_therapy_mppr_units_and_cq(conn):
    # 97110 NF: W 0.45 + PE 0.43 + MP 0.01 = 0.89 -> 28.788385; PE halved: 0.675 -> 21.833888
    assert _amount(conn, "97110", ("GP",), "nonfacility") == Decimal("28.79")  # GP: no payment effect
    assert _amount(conn, "97110", (), "nonfacility", units=3) == Decimal("72.46")  # 28.788385 + 2 x 21.833888
    assert _amount(conn, "97110", ("CQ", "GP"), "nonfacility") == Decimal("24.47")  # x 0.85 = 24.470127
    # CQ after the therapy reduction [CMS_RULES 3; order unverified, documented]: 21.833888 x 0.85
    assert _amount(conn, "97110", ("CQ", "GP", "51"), "nonfacility") == Decimal("18.56")
    assert any("GP" in n for n in quote(conn, "97110", ("CQ",)).notes)


def test_diagnostic_mppr_reduces_the_technical_component(conn):
    # 77046 (MULT PROC 4, family 88) 2nd: TC 4.42 RVU x 0.5 + PC 2.03 RVU x 0.95 -> 133.865990
    assert _amount(conn, "77046", ("51",), "nonfacility") == Decimal("133.87")
    assert _amount(conn, "77046", ("TC", "51"), "nonfacility") == Decimal("71.49")  # 142.971530 x 0.5
    assert _amount(conn, "77046", ("26", "51"), "nonfacility") == Decimal("62.38")  # 65.663395 x 0.95
    # 93975 (MULT PROC 6) 2nd: TC 6.19 x 0.75 + PC 1.62 in full -> 202.569956
    assert _amount(conn, "93975", ("51",), "nonfacility") == Decimal("202.57")


def test_limiting_charge_and_nonpar(conn):
    price = quote(conn, "99213", release_id="RVU25D")  # 2.75 x 32.3465 = 88.952875
    assert (price.amount, price.nonpar_amount, price.limiting_charge) == (
        Decimal("88.95"),
        Decimal("84.51"),  # x 0.95 = 84.505231
        Decimal("97.18"),  # x 0.95 x 1.15 = 97.181016
    )


def test_anesthesia_needs_units_and_uses_the_anesthesia_cf(conn):
    missing = quote(conn, "01402", release_id="RVU25D")
    assert missing.amount is None and "--base-units" in missing.reason
    units = {"base_units": Decimal(7), "time_units": Decimal(10)}
    assert quote(conn, "01402", release_id="RVU25D", **units).amount == Decimal("345.40")  # 17 x 20.3178
    assert quote(conn, "01402", release_id="RVU25D", locality="AL", **units).amount == Decimal(
        "328.27"
    )  # x 19.31


def test_unknown_modifier_and_assistant_restrictions(conn):
    with pytest.raises(PricingError, match="QZ is not one the calculator prices") as refused:
        _amount(conn, "27447", ("QZ",))
    assert "supported modifiers: 26 TC 53 50 51" in refused.value.hint
    with pytest.raises(PricingError, match="cannot be combined"):
        _amount(conn, "27447", ("80", "AS"))
    with pytest.raises(PricingError, match="global period XXX"):
        _amount(conn, "99213", ("54",))
