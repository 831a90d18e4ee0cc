"""SYNTHETIC denial reports for the demo sample, tests and the intake benchmark (no real data).

Reports in the voice of billers' notes over real HCPCS, CARC and RARC codes; a chosen share carries
planted patient identifiers, is invalid, or repeats an earlier report. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

# hcpcs -> (typical CARCs, typical RARCs, modifiers, place of service, billed range)
CODES: dict[str, tuple[list[str], list[str], list[str], list[str], tuple[int, int]]] = {
    "97110": (
        ["CO-97", "CO-50", "CO-151", "PR-204"],
        ["N20", "M15", "N115"],
        ["GP", "59", "KX"],
        ["11", "22"],
        (60, 180),
    ),
    "99213": (["CO-16", "CO-97", "CO-50", "PR-1"], ["M76", "N290", "MA130"], ["25"], ["11", "02"], (90, 220)),
    "97545": (["CO-50", "CO-96", "CO-197"], ["N115", "M62"], ["GP"], ["11"], (150, 400)),
    "20610": (["CO-4", "CO-97", "CO-59"], ["M80", "N20"], ["RT", "LT", "59"], ["11", "22"], (120, 350)),
    "71046": (["CO-16", "CO-11", "CO-50"], ["M127", "N56"], ["26", "TC"], ["22", "11"], (40, 160)),
    "97140": (["CO-97", "CO-59"], ["N20", "M80"], ["GP", "59", "XU"], ["11"], (50, 150)),
    "G0283": (["CO-96", "CO-16"], ["N425"], ["GP"], ["11"], (20, 60)),
    "99214": (["CO-16", "CO-150"], ["M25", "N130"], ["25"], ["11"], (130, 300)),
    "97530": (["CO-97", "CO-119"], ["N640"], ["GP", "59"], ["11"], (60, 170)),
    "J1100": (["CO-16", "CO-96"], ["M119"], ["JZ"], ["11"], (5, 40)),
}
PAYERS = [
    "medicare",
    "medicare_advantage",
    "medicaid",
    "medicaid_managed_care",
    "commercial",
    "workers_comp",
    "tricare",
]
STATES = ["OH", "TX", "CA", "NY", "FL", "PA", "MI", "GA", "NC", "WA", "AZ", "MN"]
REASONS = [
    "Payer denied {carc} saying {hcpcs} is bundled into 97140 under NCCI; we billed {units} units with modifier {mod}.",
    "{carc} with {rarc}: the payer wants documentation of medical necessity for {hcpcs}. Policy L33631 section 4.2 applies.",
    "Denied as not medically necessary after {units} visits in 30 days; the {payer} fee schedule caps {hcpcs} at 12 visits.",
    "Remit showed {carc} / {rarc}. Prior auth was on file under the practice NPI but the payer could not match it.",
    "Claim for {hcpcs} x{units} denied {carc}; billed ${billed}, allowed $0. Our coder thinks modifier {mod} was missing.",
    "The {state} Medicaid plan says {hcpcs} needs the KX modifier once the therapy cap of $2,410 is reached.",
    "Timely filing: payer says the claim arrived after 90 days. We have the clearinghouse report showing day 42.",
    "Denied {carc}. The payer's LCD lists different ICD-10 codes for {hcpcs}; we used M54.5 which is no longer valid.",
]
STRATEGIES = [
    "Sent a corrected claim with modifier {mod} and the treatment notes; paid in 21 days.",
    "Filed a reconsideration with the plan of care and 2 progress notes; still pending after 45 days.",
    "Requested a peer to peer review; the medical director overturned the {carc} denial.",
    "Appealed with the NCCI policy manual chapter 11 excerpt showing {hcpcs} is separately payable with {mod}.",
    "Resubmitted with the prior authorization number from the payer portal; paid at the fee schedule rate.",
]
TAILS = [
    " Billed ${billed}, allowed ${allowed}.",
    " Resubmitted on day {days} of the {limit}-day filing limit.",
    " We have {count} similar {hcpcs} claims pending with this payer.",
    " The {state} fee schedule amount is ${fee}.",
    " Visit {visit} of {visits} in the plan of care.",
    " Spent {minutes} minutes on hold with provider services.",
    " Same denial on {count} of our last {visits} claims for {hcpcs}.",
]
PHI = [
    "Patient Maria Gonzalez DOB 03/14/1957 called about the {carc} denial.",
    "Member SSN 123-45-6789 was on the claim instead of the member id.",
    "Pt MBI 1EG4-TE5-MK72 per the Medicare card; denied {carc}.",
    "Call the patient back at (614) 555-0182 about {hcpcs}.",
    "Sent the records to jsmith@example.com for the {carc} appeal.",
    "Date of service 08/12/2025 for John Peterson, MRN 00482913.",
    "Patient lives at 1420 Oak Street, Dayton; {hcpcs} denied.",
]


def contributors(rng: random.Random, count: int = 25) -> list[str]:
    return [f"{rng.getrandbits(256):064x}" for _ in range(count)]


def report(rng: random.Random, pool: list[str], start: datetime, months: int) -> dict:
    """One valid synthetic report submitted within ``months`` months after ``start``."""
    hcpcs = rng.choice(list(CODES))
    carcs, rarcs, mods, pos, (low, high) = CODES[hcpcs]
    submitted = start + timedelta(seconds=rng.randrange(months * 30 * 86400))
    denial = submitted - timedelta(days=rng.randrange(0, 40))
    carc = rng.sample(carcs, k=min(len(carcs), rng.choice([1, 1, 1, 2])))
    rarc = rng.sample(rarcs, k=min(len(rarcs), rng.choice([0, 1, 1, 2])))
    billed = round(rng.uniform(low, high), 2)
    values = {
        "carc": carc[0], "rarc": rarc[0] if rarc else "N20", "hcpcs": hcpcs, "mod": rng.choice(mods),
        "units": rng.randint(1, 4), "payer": rng.choice(PAYERS), "billed": f"{billed:.2f}",
        "state": rng.choice(STATES),
    }  # fmt: skip
    record: dict = {
        "schema_version": 1,
        "report_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "submitted_at": submitted.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "contributor_id": rng.choice(pool),
        "hcpcs": hcpcs,
        "payer_type": values["payer"],
        "state": values["state"],
        "denial_month": denial.strftime("%Y-%m"),
        "carc": carc,
    }
    if rng.random() < 0.7:
        record["modifiers"] = [values["mod"]]
    if rng.random() < 0.8:
        record["units"] = values["units"]
    if rng.random() < 0.8:
        record["place_of_service"] = rng.choice(pos)
    if rarc:
        record["rarc"] = rarc
    if rng.random() < 0.9:
        record["billed_amount"] = billed
        record["paid_amount"] = 0 if rng.random() < 0.8 else round(billed * rng.uniform(0.1, 0.6), 2)
    if rng.random() < 0.6:
        record["appeal"] = {
            "status": rng.choice(["not_appealed", "pending", "won", "partially_won", "lost"]),
            "level": rng.choice(["corrected_claim", "reconsideration", "redetermination", "peer_to_peer"]),
            "strategy": rng.choice(["add_modifier", "submitted_documentation", "medical_necessity_letter"]),
        }
    values.update(
        allowed=f"{billed * rng.uniform(0.3, 0.9):.2f}", days=rng.randint(20, 300), limit=rng.choice([90, 180, 365]),
        count=rng.randint(2, 40), fee=f"{rng.uniform(20, 400):.2f}", visit=rng.randint(1, 20),
        visits=rng.randint(20, 40), minutes=rng.randint(5, 95),
    )  # fmt: skip
    if rng.random() < 0.85:
        parts = rng.sample(REASONS, k=rng.choice([1, 1, 2])) + rng.sample(TAILS, k=rng.choice([0, 1, 1, 2]))
        record["denial_reason_text"] = (
            "".join(part if part.startswith(" ") else " " + part for part in parts).strip().format(**values)
        )
    if rng.random() < 0.5:
        parts = [rng.choice(STRATEGIES)] + rng.sample(TAILS, k=rng.choice([0, 1]))
        record["appeal_strategy_text"] = "".join(parts).format(**values)
    return record


def invalid(rng: random.Random, record: dict) -> str:
    """The JSON line of ``record`` broken in one realistic way."""
    broken = dict(record)
    kind = rng.randrange(7)
    if kind == 0:
        broken["hcpcs"] = "9711"
    elif kind == 1:
        broken["carc"] = ["CO-999"]
    elif kind == 2:
        broken["state"] = "ZZ"
    elif kind == 3:
        broken["denial_month"] = "2031-01"
    elif kind == 4:
        del broken["payer_type"]
    elif kind == 5:
        broken["units"] = "two"
    else:
        return json.dumps(broken)[: rng.randrange(20, 80)]  # a truncated line
    return json.dumps(broken)


def generate_lines(
    n: int,
    seed: int = 7,
    phi_rate: float = 0.01,
    invalid_rate: float = 0.01,
    duplicate_rate: float = 0.01,
    start: datetime = datetime(2025, 7, 1),
    months: int = 3,
) -> Iterator[str]:
    """``n`` JSONL lines: valid reports plus the given shares of PHI, invalid and duplicate rows."""
    rng = random.Random(seed)
    pool = contributors(rng)
    earlier: list[str] = []
    for _ in range(n):
        roll = rng.random()
        if earlier and roll < duplicate_rate:
            yield rng.choice(earlier)
            continue
        record = report(rng, pool, start, months)
        if roll < duplicate_rate + phi_rate:
            record["denial_reason_text"] = rng.choice(PHI).format(
                carc=record["carc"][0], hcpcs=record["hcpcs"]
            )
        elif roll < duplicate_rate + phi_rate + invalid_rate:
            yield invalid(rng, record)
            continue
        line = json.dumps(record)
        if len(earlier) < 5000:
            earlier.append(line)
        yield line


def write_jsonl(path, n: int, **kwargs) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for line in generate_lines(n, **kwargs):
            handle.write(line + "\n")


# Codes with only a handful of reports in the demo sample (below the publication threshold of 5).
RARE = {"27447": ["CO-197", "CO-15"], "64483": ["CO-50"], "97035": ["CO-96"], "99457": ["CO-16", "CO-97"]}


def sample_lines(seed: int = 2025) -> list[str]:
    """The demo file raw/reports/sample-synthetic-2025q3.jsonl: ~300 rows, Q3 2025, every outcome."""
    rng = random.Random(seed)
    lines = list(generate_lines(300, seed=seed, phi_rate=0.03, invalid_rate=0.03, duplicate_rate=0.03))
    pool = contributors(rng, 6)
    for hcpcs, carcs in RARE.items():
        for _ in range(rng.randint(1, 4)):
            record = report(rng, pool, datetime(2025, 7, 1), 3)
            record.update(hcpcs=hcpcs, carc=[rng.choice(carcs)], modifiers=["59"])
            record.pop("rarc", None)
            record["denial_reason_text"] = f"{record['carc'][0]} on {hcpcs}; payer wants the operative note."
            lines.insert(rng.randrange(len(lines)), json.dumps(record))
    return lines


if __name__ == "__main__":  # python -m pipelines.intake.synthetic raw/reports/sample-synthetic-2025q3.jsonl
    import sys
    from pathlib import Path

    Path(sys.argv[1]).write_text("\n".join(sample_lines()) + "\n", encoding="utf-8")
