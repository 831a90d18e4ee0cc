"""CMS PFS payment rules as data: status codes, modifier percentages and which indicators allow what.

Every constant cites its source; docs/pricing_rules.md explains the rules and their order.
[RVU25D] = CMS RVU25D.pdf record layout + Attachment A; [CPM12] = Medicare Claims Processing
Manual ch. 12; [BBA18] = SSA 1834(v) / BBA 2018 s.53107.
"""

from __future__ import annotations

from decimal import Decimal

# Status codes [RVU25D Attachment A]: label, and how the calculator treats them.
PRICED = "priced"  # paid from RVUs x GPCI x CF
CONTRACTOR = "contractor"  # the MAC sets the price
NOT_PRICED = "not_priced"  # no payment on the fee schedule
ANESTHESIA = "anesthesia"  # (base + time units) x anesthesia CF

STATUS: dict[str, tuple[str, str]] = {
    "A": ("Active code, paid separately under the fee schedule", PRICED),
    "T": ("Injection, paid only when no other fee schedule service is billed that day", PRICED),
    "R": ("Restricted coverage: special coverage instructions apply", PRICED),
    "C": ("Contractor priced", CONTRACTOR),
    "B": ("Bundled code: payment is included in other services", NOT_PRICED),
    "E": ("Excluded from the fee schedule by regulation", NOT_PRICED),
    "I": ("Not valid for Medicare purposes (Medicare uses another code)", NOT_PRICED),
    "M": ("Measurement code, for reporting only", NOT_PRICED),
    "N": ("Non-covered service", NOT_PRICED),
    "P": ("Bundled/excluded code: no separate payment under the fee schedule", NOT_PRICED),
    "X": ("Statutory exclusion: not a physician service under the fee schedule", NOT_PRICED),
    "J": ("Anesthesia service", ANESTHESIA),
}
STATUS_REASON = {
    "C": "contractor priced: the MAC sets the amount case by case; no fee schedule amount",
    "B": "not priced on the fee schedule: bundled into the services it is incident to",
    "E": "not priced on the fee schedule: excluded by regulation",
    "I": "not priced on the fee schedule: not valid for Medicare, another code is used",
    "M": "not priced on the fee schedule: measurement code for reporting only",
    "N": "not priced on the fee schedule: not covered by Medicare",
    "P": "not priced on the fee schedule: bundled or paid under another payment provision",
    "X": "not priced on the fee schedule: statutory exclusion",
}
# R with no RVUs (97545, 97546): "If covered, the service is contractor priced" [RVU25D Att. A].
R_WITHOUT_RVUS = (
    "contractor priced: restricted-coverage code with no RVUs on the fee schedule; if covered, "
    "the MAC sets the amount"
)
T_NOTE = "status T: paid only if no other fee schedule service is billed by the same provider that day"
R_NOTE = "status R: restricted coverage; paid only where the special coverage instructions are met"

# Participation [RVU25D p.2]: non-participating = 95 %, limiting charge = 115 % of that (x 1.0925).
NONPAR = Decimal("0.95")
LIMITING = Decimal("1.15")

# Bilateral -50 by BILAT SURG indicator [RVU25D]; 9 = concept does not apply (modifier refused).
BILATERAL = {"0": Decimal("1"), "1": Decimal("1.5"), "2": Decimal("1"), "3": Decimal("2")}

# Multiple procedures by MULT PROC indicator and rank [RVU25D]. Rank 1 is paid in full.
STANDARD_RANKS = {"1": [Decimal("1"), Decimal("0.5"), Decimal("0.25")], "2": [Decimal("1"), Decimal("0.5")]}
STANDARD_BY_REPORT_FROM = 6  # "... and by report": the 6th and later procedures
IMAGING_TC, IMAGING_PC = Decimal("0.5"), Decimal("0.95")  # ind 4: TC -50 %, PC -5 % since 2017
CARDIO_TC = Decimal("0.75")  # ind 6: TC of 2nd+ reduced 25 %
OPHTH_TC = Decimal("0.8")  # ind 7: TC of 2nd+ reduced 20 %
THERAPY_PE = Decimal("0.5")  # ind 5: 50 % of the PE for 2nd+ units / services

# Surgical roles [CPM12 s.40.8, s.20.4.3; FCSO modifier 62 fact sheet].
CO_SURGEON = Decimal("0.625")
ASSISTANT = Decimal("0.16")
ASSISTANT_NPP = Decimal("0.85")  # -AS: 85 % of the assistant amount
THERAPY_ASSISTANT = Decimal("0.85")  # CQ / CO [BBA18], from 2022-01-01

COMPONENT_MODIFIERS = ("26", "TC", "53")
ASSISTANT_MODIFIERS = ("80", "81", "82", "AS")
SPLIT_MODIFIERS = ("54", "55", "56")
PLAN_OF_CARE = ("GP", "GO", "GN")
SUPPORTED = (
    *COMPONENT_MODIFIERS,
    "50",
    "51",
    "62",
    "66",
    *ASSISTANT_MODIFIERS,
    *SPLIT_MODIFIERS,
    "CQ",
    "CO",
    *PLAN_OF_CARE,
)
MODIFIER_LABELS = {
    "26": "professional component",
    "TC": "technical component",
    "53": "discontinued procedure",
    "50": "bilateral procedure",
    "51": "multiple procedures (secondary)",
    "62": "co-surgeons",
    "66": "team surgery",
    "80": "assistant surgeon",
    "81": "minimum assistant surgeon",
    "82": "assistant surgeon (no qualified resident)",
    "AS": "non-physician assistant at surgery",
    "54": "surgical care only",
    "55": "postoperative management only",
    "56": "preoperative management only",
    "CQ": "service in whole or part by a PT assistant",
    "CO": "service in whole or part by an OT assistant",
    "GP": "physical therapy plan of care",
    "GO": "occupational therapy plan of care",
    "GN": "speech-language pathology plan of care",
}
