"""Value pools and templates for the templated part of the PHI evaluation set (billers' notes)."""

from __future__ import annotations

import random
import string
from collections.abc import Callable

# Names deliberately mix Census-list names with ones the 1990 Census lists lack (Nguyen, Okafor, Xiong ...).
FIRSTS = (
    "James Mary Robert Patricia Linda Michael Barbara Elizabeth Jennifer Maria Jose Luis Carmen Wei Mei Anh Priya "
    "Rahul Aisha Fatima Mohammed Olga Dmitri Keisha DeShawn Tyrone Latoya Siobhan Connor Hiroshi Yuki Kwame Chidi "
    "Ngozi Esperanza Guadalupe Rosa Dolores Earl Vernon Gladys Mildred Beverly Harold Walter Bernice Lorraine "
    "Raymond Francis Eugene Agnes Thelma Jamal Imani Xavier Brittany Kayla Tanisha Ricardo Alejandro Svetlana"
).split()
LASTS = (
    "Smith Johnson Garcia Martinez Nguyen Tran Patel Shah Kim Park Okafor Mensah Kowalski Novak O'Brien McAllister "
    "Rodriguez-Lopez Washington Yazzie Begay Schwartz Goldberg Hernandez Fitzgerald Abernathy Delacroix Oyelaran Bui "
    "Xiong Vang Siddiqui Chaudhry Brennan Castillo Dubois Lindqvist Petrov Romero Sandoval Thompson Whitfield "
    "Zimmerman Albright Hollis Pruitt Vasquez Kowalczyk Nakamura Haddad Ferreira"
).split()
STREETS = (
    "Main Oak Maple Elm Cedar Pine Washington Lincoln Jefferson Lakeview Hillcrest Sunset Riverside Magnolia "
    "Dogwood Willow Chestnut Highland Meadowbrook Country Club Old Mill Prairie Wind Cottonwood Peachtree"
).split()
SUFFIXES = "St Street Ave Avenue Rd Road Blvd Dr Drive Ln Lane Ct Court Way Cir Pkwy Hwy Trail Pl Ter".split()
CITIES = (
    "Houston|San Antonio|Dallas|Phoenix|Tucson|Fresno|Bakersfield|Tulsa|Wichita|Omaha|Des Moines|Boise|Spokane|"
    "Lubbock|Amarillo|Shreveport|Baton Rouge|Knoxville|Chattanooga|Greenville|Savannah|Macon|Gainesville|Ocala|"
    "Lakeland|Pensacola|Dayton|Akron|Toledo|Fort Wayne|Evansville|Peoria|Rockford|Springfield|Kalamazoo|Flint|"
    "Green Bay|Duluth|Fargo|Billings|Casper|Pueblo|Provo|Reno|Modesto|Stockton|Eugene|Salem|Yakima|Anchorage"
).split("|")
COUNTIES = (
    "Harris Maricopa Cook Dade Orange Fulton Travis Hidalgo Pima Cuyahoga Wayne Polk Lake Marion".split()
)
STATES = "TX AZ OK KS NE IA ID WA LA TN SC GA FL OH IN IL MI WI MN ND MT WY CO UT NV CA OR AK NC PA".split()
CPTS = "97110 97112 97140 97530 97161 97162 97163 97545 97546 99213 99214 99215 20610 64483 72148 71046 93000".split()
HCPCS = "G0283 G0151 E0114 L1833 J1100 J3301 A4556 K0001 G2211 G0439".split()
MODS = "59 XU XS GP GO GN KX 25 LT RT 26 TC CQ CO 76 91".split()
CARCS = "CO-16 CO-97 CO-50 CO-4 CO-151 CO-119 CO-197 CO-18 PR-1 PR-2 PR-204 OA-23 CO-236 CO-B7 PI-96".split()
RARCS = "N20 M15 N130 M80 N362 MA130 N657 M86 N115 N290 M127 N56".split()
PAYERS = (
    "Medicare|Noridian|Palmetto GBA|Novitas|First Coast|WPS|CGS|NGS|Texas Medicaid|Aetna|Cigna|Humana|UHC|"
    "BCBS of Texas|Anthem|Molina|Tricare East|Medi-Cal|Blue Cross Blue Shield|Optum|Wellcare|Ambetter"
).split("|")
MONTHS = "January February March April May June July August September October November December".split()
LETTERS_MBI = "ACDEFGHJKMNPQRTUVWXY"
TOLL_FREE = ("800", "855", "866", "877", "888")


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(n - 1))


def _area(rng: random.Random) -> str:
    """A geographic NANP area code (toll-free ones are payers' lines, allowed by policy)."""
    while (code := f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}") in TOLL_FREE + (
        "833",
        "844",
    ):
        pass
    return code


def _luhn_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def _npi(rng: random.Random) -> str:
    body = "1" + "".join(rng.choice(string.digits) for _ in range(8))
    return body + _luhn_digit("80840" + body)


def _mbi(rng: random.Random, dashes: bool) -> str:
    a, n = LETTERS_MBI, string.digits
    c = [
        rng.choice("123456789"),
        rng.choice(a),
        rng.choice(a + n),
        rng.choice(n),
        rng.choice(a),
        rng.choice(a + n),
    ]
    c += [rng.choice(n), rng.choice(a), rng.choice(a), rng.choice(n), rng.choice(n)]
    s = "".join(c)
    return f"{s[:4]}-{s[4:7]}-{s[7:]}" if dashes else s


def _date_us(rng: random.Random) -> str:
    m, d, y = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1925, 2025)
    fmt = rng.choice(["{m}/{d}/{y}", "{m:02d}/{d:02d}/{y}", "{m}-{d}-{y}", "{m}/{d}/{yy:02d}"])
    return fmt.format(m=m, d=d, y=y, yy=y % 100)


def make_values(rng: random.Random) -> dict[str, Callable[[], str]]:
    """Slot name -> generator. Identifier slots return `{KIND:value}` markup; billing slots plain text."""
    ch = rng.choice
    first, last = ch(FIRSTS), ch(LASTS)

    def lab(kind: str, value: str) -> str:
        return "{" + kind + ":" + value + "}"

    return {
        # billing look-alikes
        "cpt": lambda: ch(CPTS), "hcpcs": lambda: ch(HCPCS), "mod": lambda: ch(MODS), "carc": lambda: ch(CARCS),
        "rarc": lambda: ch(RARCS), "payer": lambda: ch(PAYERS), "st": lambda: ch(STATES),
        "amt": lambda: f"${rng.randint(40, 900)}.{rng.randint(0, 99):02d}", "amt0": lambda: f"${rng.randint(20, 5000)}",
        "units": lambda: str(rng.randint(1, 8)), "mins": lambda: str(ch([8, 15, 23, 30, 45, 60])),
        "days": lambda: str(ch([30, 60, 90, 120, 365])), "visits": lambda: str(rng.randint(2, 30)),
        "lcd": lambda: f"L{rng.randint(33000, 39999)}", "ncd": lambda: f"{rng.randint(10, 280)}.{rng.randint(1, 9)}",
        "npi": lambda: _npi(rng), "ein": lambda: f"{rng.randint(10, 99)}-{_digits(rng, 7)}",
        "monthyear": lambda: ch([f"{ch(MONTHS)} {rng.randint(2023, 2026)}", f"{rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}", f"{rng.randint(1, 12):02d}/{rng.randint(2023, 2026)}"]),
        "quarter": lambda: f"Q{rng.randint(1, 4)} {rng.randint(2023, 2026)}", "year": lambda: str(rng.randint(2019, 2026)),
        "icd": lambda: ch(["M54.50", "M25.561", "S83.241A", "M17.11", "G89.29", "Z96.651", "M62.81", "R26.89"]),
        "pos": lambda: ch(["11", "22", "19", "02", "10", "12"]), "payerid": lambda: ch(["87726", "60054", "62308", "SB580", "04402"]),
        "tollfree": lambda: f"1-{ch(TOLL_FREE)}-{_digits(rng, 3)}-{rng.randint(1000, 9999)}",
        "pct": lambda: f"{ch([15, 20, 50, 80, 85, 100])}%", "rvu": lambda: f"{rng.randint(0, 3)}.{rng.randint(10, 99)}",
        "ndc": lambda: f"{rng.randint(10000, 99999)}-{rng.randint(1000, 9999)}-{rng.randint(10, 99)}",
        "pub": lambda: ch(["Pub 100-04 ch.12 §20.4.3", "Pub 100-02 ch.15 §220.3", "IOM 100-08 ch.3", "Pub 100-04 ch.5 §10.3"]),
        # identifiers
        "name": lambda: lab("NAME", f"{first} {last}"),
        "name_mi": lambda: lab("NAME", f"{first} {ch(string.ascii_uppercase)}. {last}"),
        "name_lf": lambda: lab("NAME", f"{last}, {first}"),
        "name_caps": lambda: lab("NAME", f"{last.upper()}, {first.upper()}"),
        "name_lower": lambda: lab("NAME", f"{first.lower()} {last.lower()}"),
        "last": lambda: lab("NAME", last), "first": lambda: lab("NAME", first),
        "street": lambda: lab("ADDRESS", f"{rng.randint(1, 9999)} {ch(STREETS)} {ch(SUFFIXES)}"),
        "street_unit": lambda: lab("ADDRESS", f"{rng.randint(10, 24000)} {ch(STREETS)} {ch(SUFFIXES)} Apt {rng.randint(1, 40)}{ch('ABCD')}"),
        "street_lower": lambda: lab("ADDRESS", f"{rng.randint(1, 999)} {ch(STREETS).lower()} {ch(['st', 'ave', 'rd', 'street', 'drive'])}"),
        "pobox": lambda: lab("ADDRESS", f"{ch(['PO Box', 'P.O. Box', 'po box'])} {rng.randint(1, 99999)}"),
        "city": lambda: lab("PLACE", ch(CITIES)), "county": lambda: lab("PLACE", f"{ch(COUNTIES)} County"),
        "zip": lambda: lab("ZIP", _digits(rng, 5)), "zip4": lambda: lab("ZIP", f"{_digits(rng, 5)}-{_digits(rng, 4)}"),
        "date": lambda: lab("DATE", _date_us(rng)),
        "date_iso": lambda: lab("DATE", f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
        "date_long": lambda: lab("DATE", ch([f"{ch(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2020, 2025)}", f"{ch(MONTHS)[:3]} {rng.randint(1, 28)}", f"{rng.randint(1, 28)} {ch(MONTHS)} {rng.randint(2020, 2025)}"])),
        "date_md": lambda: lab("DATE", f"{rng.randint(1, 12)}/{rng.randint(1, 28)}"),
        "date_compact": lambda: lab("DATE", f"{rng.randint(1930, 2024)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"),
        "age": lambda: lab("AGE", ch([f"{rng.randint(90, 104)} y/o", f"{rng.randint(90, 104)}-year-old", f"{rng.randint(90, 104)}yo", f"{rng.randint(90, 104)} years old"])),
        "age_num": lambda: lab("AGE", str(rng.randint(90, 104))),
        "phone": lambda: lab("PHONE", ch([f"({_area(rng)}) {_digits(rng, 3)}-{rng.randint(1000, 9999)}", f"{_area(rng)}-{_digits(rng, 3)}-{rng.randint(1000, 9999)}", f"{_area(rng)}.{_digits(rng, 3)}.{rng.randint(1000, 9999)}", f"{_area(rng)}{_digits(rng, 3)}{rng.randint(1000, 9999)}"])),
        "fax": lambda: lab("FAX", ch([f"{_area(rng)}-{_digits(rng, 3)}-{rng.randint(1000, 9999)}", f"({_area(rng)}) {_digits(rng, 3)}-{rng.randint(1000, 9999)}"])),
        "email": lambda: lab("EMAIL", f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 99)}@{ch(['gmail.com', 'yahoo.com', 'aol.com', 'outlook.com', 'comcast.net'])}"),
        "ssn": lambda: lab("SSN", f"{_digits(rng, 3)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"),
        "ssn_bare": lambda: lab("SSN", f"{_digits(rng, 3)}{rng.randint(10, 99)}{rng.randint(1000, 9999)}"),
        "ssn4": lambda: lab("SSN", str(rng.randint(1000, 9999))),
        "mbi": lambda: lab("MBI", _mbi(rng, dashes=False)), "mbi_dash": lambda: lab("MBI", _mbi(rng, dashes=True)),
        "mrn": lambda: lab("MRN", ch([_digits(rng, 7), "00" + _digits(rng, 6), f"MR{_digits(rng, 6)}", f"E{_digits(rng, 8)}"])),
        "member": lambda: lab("MEMBER_ID", ch([f"{''.join(rng.choices(string.ascii_uppercase, k=3))}{_digits(rng, 9)}", f"W{_digits(rng, 9)}", f"{_digits(rng, 11)}", f"H{_digits(rng, 8)}01"])),
        "acct": lambda: lab("ACCOUNT", ch([_digits(rng, 6), _digits(rng, 8), f"A{_digits(rng, 7)}", f"{_digits(rng, 4)}-{_digits(rng, 5)}"])),
        "claimno": lambda: lab("CLAIM_NUMBER", ch([_digits(rng, 13), f"{_digits(rng, 2)}{rng.randint(2019, 2025)}{_digits(rng, 9)}", f"EA{_digits(rng, 10)}", _digits(rng, 11)])),
        "icn": lambda: lab("CLAIM_NUMBER", _digits(rng, 13)),
        "license": lambda: lab("LICENSE", ch([f"{ch('ABDFGJKMNPSTW')}{_digits(rng, 7)}", _digits(rng, 8), f"{ch('ABDFGJKMNPSTW')}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}"])),
        "vin": lambda: lab("VEHICLE", ch("123JKWY5") + "".join(rng.choices("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", k=16))),
        "plate": lambda: lab("VEHICLE", ch([f"{rng.randint(1, 9)}{''.join(rng.choices('ABCDEFGHJKLMNPRSTUVWXYZ', k=3))}{rng.randint(100, 999)}", f"{''.join(rng.choices('ABCDEFGHJKLMNPRSTUVWXYZ', k=3))}-{rng.randint(1000, 9999)}"])),
        "serial": lambda: lab("DEVICE", ch([f"{''.join(rng.choices(string.ascii_uppercase, k=2))}{_digits(rng, 8)}", f"{_digits(rng, 4)}-{_digits(rng, 6)}", f"PJN{_digits(rng, 6)}H"])),
        "udi": lambda: lab("DEVICE", f"(01)0{_digits(rng, 13)}(17){rng.randint(25, 29)}{rng.randint(1, 12):02d}01(21){_digits(rng, 7)}"),
        "imei": lambda: lab("DEVICE", _digits(rng, 15)),
        "mac": lambda: lab("DEVICE", ":".join(f"{rng.randint(0, 255):02X}" for _ in range(6))),
        "url": lambda: lab("URL", ch([f"https://www.facebook.com/{first.lower()}.{last.lower()}{rng.randint(1, 99)}", f"www.{last.lower()}family.net", f"https://mychart.{ch(['ohiohealth', 'bswhealth', 'atrium'])}.org/visit?id={_digits(rng, 8)}", f"http://{first.lower()}{last.lower()}.blogspot.com/2024/my-surgery"])),
        "ip": lambda: lab("IP", ch([f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"2601:{rng.randint(100, 999)}:8a00:{rng.randint(1000, 9999)}::{rng.randint(10, 99)}"])),
    }  # fmt: skip


# Each template carries exactly one labelled identifier of its category, inside realistic billing noise.
PHI_TEMPLATES: dict[str, list[str]] = {
    "NAME": [
        "pt {name} called re: balance on {cpt}, told her {payer} denied {carc} {rarc}",
        "Spoke w/ {name} (pt) today, she has a secondary we didn't have on file",
        "{name_lf} - {cpt}-{mod} denied {carc}, resubmitted w/ {mod} on {quarter}",
        "{name_caps} {cpt} DENIED {carc} {rarc} NEED AUTH",
        "pt {name_lower} needs new auth for {visits} visits, {payer} only approved {units}",
        "Mrs. {last} states she never got the EOB for {cpt}; {payer} shows paid {amt}",
        "Dr. {last} wants to appeal the {cpt} denial ({carc}), says documentation supports {mins} min",
        "{name} no-showed, do we bill {hcpcs}? {payer} policy says no",
        "daughter {name} called asking for itemized statement, {amt} balance after {carc}",
        "patient {name_mi} has {payer} as secondary, primary paid {amt} on {cpt}",
        "{payer} rep asked for pt name ({name}) and {cpt} units, then denied {carc} anyway",
        "Per Mr. {last}: he got a bill for {amt0}, {payer} denial {carc} {rarc} needs appeal",
    ],
    "ADDRESS": [
        "pt moved, new address {street}, statements coming back, {payer} has old one",
        "{payer} mailed the check to {street_unit} instead of our lockbox, {amt0}",
        "returned mail from {pobox} - need updated demographics before rebilling {cpt}",
        "pt lives at {street_lower}, {payer} says out of network for {cpt}",
        "billing address on claim was {street}, {payer} kicked it back {carc} {rarc}",
        "home health {hcpcs} denied, pt address {street} not homebound per {payer}",
    ],
    "PLACE": [
        "pt lives in {city}, {payer} says our {st} location is out of network",
        "{cpt} done at our {city} clinic, {payer} denied {carc} place of service {pos}",
        "pt is a {county} resident, Medicaid MCO is different there, {carc}",
        "transport from {city} billed {hcpcs} x {units}, denied {carc} {rarc}",
    ],
    "ZIP": [
        "pt zip {zip} maps to a different locality, {payer} paid {amt} on {cpt}",
        "claim rejected, zip code {zip4} invalid per {payer}, fix and rebill {cpt}",
        "{payer} says zip {zip} is outside service area, {carc} {rarc}",
    ],
    "DATE": [
        "DOB {date} on claim didn't match {payer}, {carc} {rarc}, corrected and resent",
        "DOS {date_iso} for {cpt}-{mod} denied {carc}, timely filing is {days} days",
        "pt admitted {date_long}, {payer} wants the op note for {cpt}",
        "seen {date_md} for {cpt} x {units} units, {payer} paid {amt} of {amt}",
        "DOB: {date_compact} - {payer} eligibility says no match, {carc}",
        "surgery on {date} so {cpt} within global, {carc} {rarc}",
    ],
    "AGE": [
        "pt is {age}, {payer} denied {hcpcs} as not medically necessary {carc}",
        "{age} pt, {cpt} x {units}, {payer} wants a new POC every {days} days",
        "age {age_num} - {payer} frequency limit on {cpt}, {carc} {rarc}",
    ],
    "PHONE": [
        "pt asked us to call back at {phone} about the {amt} balance from {carc}",
        "daughter's cell {phone}, she handles billing, {payer} denied {cpt}",
        "pt phone on file {phone} disconnected, {cpt} statement returned",
    ],
    "FAX": [
        "fax records to {fax} attn appeals, {payer} needs notes for {cpt} {carc}",
        "faxed the POC to pt's PCP at fax {fax}, {payer} {rarc}",
    ],
    "EMAIL": [
        "pt emailed from {email} asking why {cpt} was denied {carc}",
        "send the itemized bill to {email}, {payer} balance {amt}",
    ],
    "SSN": [
        "{payer} eligibility only found pt by SSN {ssn}, {carc} resolved",
        "pt SSN {ssn_bare} was on the intake form, {payer} {cpt} denied {carc}",
        "rep verified last 4 of SSN {ssn4}, claim for {cpt} reprocessing",
        "guarantor ss# {ssn} on the statement, {amt} owed after {carc}",
    ],
    "MBI": [
        "new MBI {mbi}, old one on claim, {payer} rejected {carc} {rarc}",
        "rebill {cpt} under Medicare ID {mbi_dash}, {rarc} on the ERA",
        "pt's medicare card {mbi} - {payer} says not eligible on DOS, {carc}",
    ],
    "MRN": [
        "MRN {mrn} - {cpt} x {units} denied {carc}, need notes from EHR",
        "chart # {mrn}, {payer} wants the eval for {cpt}",
        "medical record number {mrn} attached to the appeal for {cpt} {carc}",
    ],
    "MEMBER_ID": [
        "member ID {member} termed per {payer}, {carc} {rarc} on {cpt}",
        "subscriber id {member} typo, corrected and resubmitted {cpt}-{mod}",
        "{payer} policy # {member}, secondary denied {carc}",
    ],
    "ACCOUNT": [
        "acct {acct} - {payer} paid {amt}, pt owes {amt} after {carc}",
        "patient account # {acct} in collections, {cpt} denial was {carc}",
        "guarantor acct {acct}, send statement for {amt}",
    ],
    "CLAIM_NUMBER": [
        "claim # {claimno} denied {carc} {rarc}, reopening requested",
        "ICN {icn} - redetermination filed for {cpt}, {payer}",
        "{payer} claim number {claimno}, {cpt} paid {amt}",
    ],
    "LICENSE": [
        "pt ID'd with driver's license {license} at front desk, {payer} {carc}",
        "DL# {license} on the self-pay agreement for {cpt}, {amt}",
    ],
    "VEHICLE": [
        "auto claim - VIN {vin} required by {payer} for PIP, {cpt} on hold",
        "MVA claim, plate {plate}, adjuster wants {cpt} notes",
    ],
    "DEVICE": [
        "{hcpcs} TENS unit serial # {serial} returned, {payer} denied rental {carc}",
        "pacemaker check, device serial {serial}, {cpt} denied {carc}",
        "UDI {udi} on the implant log for {cpt}, {payer} {rarc}",
        "RPM device IMEI {imei} - {payer} denied {cpt} {carc}",
        "home monitor MAC {mac}, RPM {cpt} billed {units} days",
    ],
    "URL": [
        "pt posted the bill at {url}, complaining about {cpt} denial {carc}",
        "pt sent us a link {url} re {payer} appeal for {cpt}",
    ],
    "IP": [
        "portal login from {ip} for pt account, {payer} {cpt} balance {amt}",
        "pt paid online, gateway logged IP {ip}, {amt} applied to {cpt}",
    ],
}

CLEAN_TEMPLATES: list[str] = [
    "{cpt}-{mod} denied {carc} {rarc}, {payer} says needs {mod}; resubmitted, paid {amt} in {monthyear}",
    "{payer} denied {cpt} x {units} units {carc}; appeal level 1 sent with POC, {visits} visits used of {visits}",
    "{hcpcs} billed {amt}, allowed {amt}, {pct} coinsurance; {carc} {rarc} per LCD {lcd}",
    "NCD {ncd} applies, {payer} says {cpt} not covered for dx {icd}, {carc}",
    "{pub} says {pct} of fee schedule for assist; {payer} paid {amt} on {cpt}-80",
    "rendering NPI {npi} not enrolled with {payer}, {carc} {rarc}, credentialing pending since {quarter}",
    "TIN {ein} mismatch on {cpt} claims in {monthyear}, {payer} {carc}",
    "{payer} underpaid {cpt} by {amt} vs {st} fee schedule {year}; {rvu} RVUs x CF",
    "timely filing {days} days for {payer}, we billed {cpt} at day {visits}, {carc} upheld",
    "8-minute rule: {mins} min billed {units} units {cpt}, {payer} paid {units}, {carc}",
    "{payer} frequency edit: {cpt} only {units} per {days} days, {carc} {rarc}",
    "POS {pos} vs {pos}: {payer} says facility rate for {cpt}, paid {amt} not {amt}",
    "KX modifier needed after ${amt0} therapy threshold for {year}; {cpt}-GP-KX resubmitted",
    "called {payer} provider line {tollfree}, rep said {cpt} needs auth after {visits} visits, {carc}",
    "payer ID {payerid} was wrong on {cpt} claims, rejected {rarc}; fixed in {monthyear}",
    "NDC {ndc} missing on {hcpcs} line, {carc} {rarc}, added and rebilled {amt}",
    "{cpt} bundled into {cpt} per NCCI, {mod} overrides, {payer} {carc} in {quarter}",
    "{payer} paid {pct} of billed {amt0} for {cpt}; contract says {pct} of {st} Medicaid fee schedule",
    "PR-1 deductible {amt}, PR-2 coinsurance {amt} on {cpt}, rest {carc} write-off",
    "group NPI {npi} on {cpt}, {payer} wants rendering too, {rarc}",
    "recoupment on {cpt} from {monthyear} for {amt}, {payer} audit says {carc}",
    "{hcpcs} rental month {units} of 13, {payer} denied {carc} {rarc}, CMN expired in {monthyear}",
    "dx {icd} not on LCD {lcd} covered list, {cpt} denied {carc}, ABN on file",
    "{payer} {year} fee schedule dropped {cpt} to {amt}; {rvu} work RVU, {pct} cut",
]
