"""One recognizer at a time: what it must find (kind and exact span) and the billing look-alikes it must leave."""

from __future__ import annotations

import pytest

from pipelines.phi import screen
from pipelines.phi.patterns import is_npi

# (text, kind, the span the finding must cover exactly)
POSITIVE = [
    ("pt John Smith called", "NAME", "John Smith"),
    ("Mrs. Okafor states she paid", "NAME", "Okafor"),
    ("Dr Abernathy refused the addendum", "NAME", "Abernathy"),
    ("SMITH, JOHN 97110 DENIED", "NAME", "SMITH, JOHN"),
    ("Garcia, Maria - 97140 CO-97", "NAME", "Garcia, Maria"),
    ("pt mary jones needs auth", "NAME", "mary jones"),
    ("Mary K. Lee no-showed", "NAME", "Mary K. Lee"),
    ("spoke w/ Kwame Mensah re N362", "NAME", "Kwame Mensah"),
    ("daughter Lupe called", "NAME", "Lupe"),
    ("new address 4412 Bellaire Blvd Apt 12", "ADDRESS", "4412 Bellaire Blvd Apt 12"),
    ("lives at 42 elm st, no car", "ADDRESS", "42 elm st"),
    ("returned from P.O. Box 918", "ADDRESS", "P.O. Box 918"),
    ("RR 2 Box 14 is the mailing address", "ADDRESS", "RR 2 Box 14"),
    ("pt lives in Tucson now", "PLACE", "Tucson"),
    ("moved to Springfield, IL last year", "PLACE", "Springfield"),
    ("Pima County resident", "PLACE", "Pima County"),
    ("our San Antonio clinic billed it", "PLACE", "San Antonio"),
    ("Houston, TX 77002", "ZIP", "77002"),
    ("zip 98901 invalid", "ZIP", "98901"),
    ("zip+4 is 79408-1234", "ZIP", "79408-1234"),
    ("DOB 03/12/1950 on claim", "DATE", "03/12/1950"),
    ("DOS 2025-03-14 denied", "DATE", "2025-03-14"),
    ("seen 3/4 and 3/11", "DATE", "3/4"),
    ("admitted March 5th, 2025", "DATE", "March 5th, 2025"),
    ("IME on the 5th of May", "DATE", "5th of May"),
    ("DOB: 19380502 per 271", "DATE", "19380502"),
    ("DOB 4.17.1938 typo", "DATE", "4.17.1938"),
    ("the 14th was the surgery", "DATE", "14th"),
    ("zip 30318-4412, payer has 30318", "ZIP", "30318"),
    ("Wendell (pt's son) paid", "NAME", "Wendell"),
    ("Anchorage pt, GPCI higher", "PLACE", "Anchorage"),
    ("1 Lighthouse Point, upstairs", "ADDRESS", "1 Lighthouse Point"),
    ("transmitter SN 9G4M2K7TQ1 on order", "DEVICE", "9G4M2K7TQ1"),
    ("pt is a 97 y/o female", "AGE", "97 y/o"),
    ("age 94, hospice", "AGE", "94"),
    ("93F w/ CHF", "AGE", "93F"),
    ("call back (512) 555-0198", "PHONE", "(512) 555-0198"),
    ("cell 713.555.0144 after 5", "PHONE", "713.555.0144"),
    ("home # 7135550144", "PHONE", "7135550144"),
    ("fax (602) 555-0110 attn appeals", "FAX", "(602) 555-0110"),
    ("email gwhit1947@aol.com", "EMAIL", "gwhit1947@aol.com"),
    ("SSN 412-77-9031 on file", "SSN", "412-77-9031"),
    ("SSN 529 83 1104 on file", "SSN", "529 83 1104"),
    ("pt SSN 412779031 on intake", "SSN", "412779031"),
    ("last four of SS is 7719", "SSN", "7719"),
    ("MBI 1EG4-TE5-MK73 on card", "MBI", "1EG4-TE5-MK73"),
    ("new mbi 1eg4te5mk73", "MBI", "1eg4te5mk73"),
    ("MRN 000482913 update", "MRN", "000482913"),
    ("MR# 20418836 records", "MRN", "20418836"),
    ("member ID XEH884562117 termed", "MEMBER_ID", "XEH884562117"),
    ("old HICN 123456789A on claim", "MEMBER_ID", "123456789A"),
    ("acct #20045871 in collections", "ACCOUNT", "20045871"),
    ("ICN 2225029137451 reopening", "CLAIM_NUMBER", "2225029137451"),
    ("claim# EA1123309981 closed", "CLAIM_NUMBER", "EA1123309981"),
    ("driver's license D18827451", "LICENSE", "D18827451"),
    ("VIN 1FTFW1ET5DFC10312 PIP", "VEHICLE", "1FTFW1ET5DFC10312"),
    ("plate 7KQM442 per report", "VEHICLE", "7KQM442"),
    ("CPAP serial DS1V00481922", "DEVICE", "DS1V00481922"),
    ("monitor MAC 00:1A:2B:3C:4D:5E", "DEVICE", "00:1A:2B:3C:4D:5E"),
    ("UDI (01)00884838003826(17)250101 on log", "DEVICE", "(01)00884838003826(17)250101"),
    ("see https://gofund.me/abc123 for it", "URL", "https://gofund.me/abc123"),
    ("pt blog www.smithfamily.net", "URL", "www.smithfamily.net"),
    ("login from 98.214.33.170 today", "IP", "98.214.33.170"),
    ("gateway logged 2600:1700:4a10:9e20::3f", "IP", "2600:1700:4a10:9e20::3f"),
]

# Billing look-alikes (issue 5): none of these may produce a finding.
NEGATIVE = [
    "97545 and G0283 denied; 99213-25 with 20610-RT",
    "CO-16 N20 M15 MA130 PR-204 OA-23 CO-B7",
    "NPI 1234567893 and group NPI 1245319599, TIN 12-3456789",
    "rendering 1588667638 not linked",
    "modifiers 59, XU, GP, KX, XS, XP, CQ, 25, 26, TC",
    "billed $150, paid 150.00, $1,250.00 write-off",
    "2 hours, 30 days, 90-day global, 8 units, visit 18 of 20",
    "LCD L33631, NCD 20.4, Pub 100-04 ch.12 §20.4.3, article A57181",
    "Policy L33631 section 4.2 applies to G0283",
    "Q3 2025, January 2025, 2025-03, 03/2025, FY2025, CY 2026",
    "Texas Medicaid, Noridian JF, Palmetto GBA, Novitas, First Coast, WPS",
    "Rest of California locality and Manhattan locality 01",
    "locality 18 (Los Angeles) GPCI 1.042",
    "called provider line 1-800-633-4227 about Part B",
    "NDC 00002-8215-01 on J1100, NDC 00002821501",
    "payer ID 87726, PTAN AB1234",
    "dx M54.50, S83.241A, Z96.651",
    "CF 32.3465, RVU 1.92, 50% MPPR, 85% CQ",
    "POS 11 vs 22, TOB 131, rev code 0420",
    "Humana MA denied, Wellcare MA too",
    "Superior HealthPlan and Horizon NJ Health",
    "claim 99213-25 denied CO-97",
    "pt seen 3x a week for 12 visits",
    "the 2nd visit and the 3rd unit were denied the 4th time",
    "97110 denied, payer has 97140 on file",
    "Houston area payers and the Gainesville area MCO",
    "99213, AL 10112/00 (GPCI 1.000/0.869/0.575): NF $81.86",
    "rank the 6th and later procedures by report",
    "Medicare Part B deductible 2025 is $257",
]


@pytest.mark.parametrize(("text", "kind", "span"), POSITIVE, ids=[f"{k}:{s}" for _, k, s in POSITIVE])
def test_finds_identifier(text: str, kind: str, span: str) -> None:
    found = [(f.kind, text[f.start : f.end]) for f in screen(text)]
    assert (kind, span) in found, found


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves_billing_look_alikes(text: str) -> None:
    found = [(f.kind, f.rule, text[f.start : f.end]) for f in screen(text)]
    assert found == []


def test_npi_check_digit() -> None:
    assert is_npi("1234567893")  # CMS's published example
    assert not is_npi("1234567890")
    assert not is_npi("5551234567")


def test_toll_free_allowed_but_geographic_phone_flagged() -> None:
    assert screen("payer line 1-855-609-9960") == []
    assert [f.kind for f in screen("payer line 1-701-609-9960")] == ["PHONE"]


def test_ein_is_not_an_ssn_but_ssn_shaped_tin_is() -> None:
    assert screen("TIN 12-3456789") == []
    assert [f.kind for f in screen("TIN 123-45-6789")] == ["SSN"]


def test_age_89_allowed_90_flagged() -> None:
    assert screen("pt is 89 y/o") == []
    assert [f.kind for f in screen("pt is 90 y/o")] == ["AGE"]


def test_month_year_and_year_allowed_exact_day_flagged() -> None:
    assert screen("denied in March 2025") == []
    assert [f.kind for f in screen("denied on March 3, 2025")] == ["DATE"]


def test_name_context_gate_lists_every_context_word() -> None:
    """The word-set gate in front of the context scan must know the first word of every alternative."""
    import re

    from pipelines.phi.names import _CONTEXT, _CONTEXT_KEYWORDS

    body, depth, current, firsts = _CONTEXT[len(r"\b(?:") :], 0, "", set()
    for ch in body:
        if ch == ")" and depth == 0:
            break
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            firsts.add(re.match(r"[a-z']+", current).group(0))
            current = ""
        else:
            current += ch
    firsts.add(re.match(r"[a-z']+", current).group(0))
    assert len(firsts) > 40 and firsts <= _CONTEXT_KEYWORDS
