"""Surgical-role modifiers on the paths the hand-worked examples leave out (RVU25D national, facility).

-66 is paid by report where TEAM SURG allows it [RVU25D TEAM SURG 1/2]; assistants are refused where
ASST SURG 1 (statutory restriction) forbids them; -81 pays like -80 (16 %) [CPM12 s.20.4.3].
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.pricing.model import PricingError
from pipelines.pricing.quote import quote


@pytest.mark.parametrize("code", ["22818", "22836"])  # TEAM SURG 2 and 1
def test_team_surgery_is_contractor_priced_where_allowed(conn, code):
    price = quote(conn, code, ("66",), setting="facility", release_id="RVU25D")
    assert price.amount is None and price.reason.startswith("contractor priced: team surgery")
    assert (
        price.fee_schedule_amount is not None and price.fee_schedule_amount > 0
    )  # the code itself is priced


@pytest.mark.parametrize("modifier", ["80", "81", "82", "AS"])
def test_assistant_refused_under_a_statutory_restriction(conn, modifier):
    with pytest.raises(
        PricingError, match=f"modifier {modifier} is not allowed on 0446T: ASST SURG indicator 1"
    ):
        quote(conn, "0446T", (modifier,), setting="facility", release_id="RVU25D")


def test_minimum_assistant_81_pays_16_percent(conn):
    # 27447 facility national 1257.631920 x 0.16 = 201.221107 (same as -80)
    assert quote(conn, "27447", ("81",), setting="facility", release_id="RVU25D").amount == Decimal("201.22")
