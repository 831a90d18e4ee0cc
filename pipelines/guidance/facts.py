"""The facts the rule library may read, and how they are fetched from the warehouse (sql/guidance/).

``FACTS`` is the vocabulary: a rule naming anything else is refused when the library loads.
``load(conn)`` runs the queries once; ``code_facts(row, ...)`` derives the per-code dict the rules
see. Dollar facts are the price macro's national amounts; differences are between two such amounts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from pipelines.lib.sql import fetch_dicts, run_sql

PAIRS_PER_CODE = 3  # per code, direction and modifier indicator (the most any rule cites)

FACTS: dict[str, str] = {
    "release_id": "RVU release of the page",
    "hcpcs": "the code",
    "description": "CMS short descriptor",
    "status_code": "PPRRVU status",
    "no_rvus": "true when both total RVUs are 0",
    "total_nf_rvu": "total non-facility RVUs",
    "total_f_rvu": "total facility RVUs",
    "pctc": "PC/TC indicator",
    "global_days": "GLOB DAYS",
    "mult_proc": "MULT PROC indicator",
    "bilat": "BILAT SURG indicator",
    "asst": "ASST SURG indicator",
    "co_surg": "CO-SURG indicator",
    "team_surg": "TEAM SURG indicator",
    "nf_na": "non-facility NA indicator",
    "f_na": "facility NA indicator",
    "em_visit": "CPT E/M visit code (99202-99499)",
    "nf": "national non-facility amount",
    "f": "national facility amount",
    "nf_or_f": "national non-facility amount, else (not priced, or NA in the office) facility",
    "nf_or_f_setting": "the setting of nf_or_f",
    "nf_26": "national non-facility amount with 26",
    "nf_tc": "national non-facility amount with TC",
    "site": "setting a surgical tip prices: facility for 010/090 globals or NA in the office",
    "site_amt": "national amount in `site`",
    "site_50": "national amount in `site` with 50",
    "site_51": "national amount in `site` with 51 (rank 2)",
    "site_80": "national amount in `site` with 80",
    "site_as": "national amount in `site` with AS",
    "site_62": "national amount in `site` with 62",
    "bilat_extra": "site_50 - site_amt",
    "rank_cut": "site_amt - site_51",
    "nf_cq": "national non-facility amount with CQ",
    "cq_cut": "nf - nf_cq",
    "nf_2u": "national non-facility amount of 2 units",
    "unit2": "nf_2u - nf: what the second unit pays",
    "unit2_cut": "nf - unit2",
    "cosurg_condition": "what CO-SURG requires (documentation / two specialties)",
    "team_condition": "what TEAM SURG requires",
    "ncci_quarter": "latest NCCI quarter loaded",
    "mue_value": "practitioner MUE units",
    "mue_mai": "MUE adjudication indicator",
    "published": "the code's denial profile is published",
    "report_count": "published reports of the code",
    "appeals_won": "appeals won (shown cell)",
    "appeals_decided": "appeals decided (shown cell)",
    "appeals_shown": "the page shows won and decided appeals, at least one decided",
}
ITEM_FACTS: dict[str, tuple[str, ...]] = {
    "ptp_col2": ("column1", "column2", "modifier_indicator", "effective_date", "rationale"),
    "ptp_col1": ("column1", "column2", "modifier_indicator", "effective_date", "rationale"),
    "shown_reasons": ("key", "label", "count", "share"),
    "shown_payers": ("key", "label", "count", "share"),
}
COSURG = {"1": "Document why co-surgeons were medically necessary.", "2": "It requires two specialties."}
TEAM = {"1": " and the documentation of medical necessity", "2": ""}


@dataclass
class Warehouse:
    """Everything the rules read, fetched once."""

    codes: list[dict[str, Any]]
    pairs: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    mue: dict[str, dict[str, Any]] = field(default_factory=dict)
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    meanings: dict[str, str] = field(default_factory=dict)


def load(conn: duckdb.DuckDBPyConnection) -> Warehouse:
    """Run sql/guidance/* on ``conn`` (needs the rvu table and the price macro; NCCI, marts, X12 optional)."""
    tables = {row[0] for row in run_sql(conn, "ops/table_names").fetchall()}
    found = Warehouse(fetch_dicts(run_sql(conn, "guidance/code_facts")))
    if {"ncci_ptp", "ncci_latest"} <= tables:
        for row in fetch_dicts(run_sql(conn, "guidance/code_ptp_pairs", {"per_code": PAIRS_PER_CODE})):
            found.pairs.setdefault(row["hcpcs"], {}).setdefault(row["direction"], []).append(row)
    if {"ncci_mue", "ncci_latest"} <= tables:
        found.mue = {row["hcpcs"]: row for row in fetch_dicts(run_sql(conn, "guidance/code_mue"))}
    if "code_denial_profile" in tables:
        found.profiles = {
            h: json.loads(p) for h, p in run_sql(conn, "guidance/published_profiles").fetchall()
        }
    if "x12_codes" in tables:
        for code, code_type, meaning in run_sql(conn, "guidance/x12_meanings").fetchall():
            found.meanings[code if code_type == "RARC" else f"CARC {code}"] = meaning
    return found


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def code_facts(row: dict[str, Any], found: Warehouse) -> dict[str, Any]:
    """The fact dict one code's rules see (None = unknown: a rule needing it does not apply)."""
    facts = dict(row)
    facts["no_rvus"] = not row["total_nf_rvu"] and not row["total_f_rvu"]
    nf, f = row["nf"], row["f"]
    # the setting the code is performed in: non-facility unless it is NA there (or not priced there)
    office = nf is not None and not (row["nf_na"] and f is not None)
    facts["nf_or_f"], facts["nf_or_f_setting"] = (nf, "non-facility") if office else (f, "facility")
    surgical = row["global_days"] in ("010", "090") or row["nf_na"]
    site = "facility" if surgical and f is not None else "nonfacility"
    prefix = "f" if site == "facility" else "nf"
    facts["site"] = site.replace("nonfacility", "non-facility")
    for ask in ("50", "51", "80", "as", "62"):
        facts[f"site_{ask}"] = row[f"{prefix}_{ask}"]
    facts["site_amt"] = row[prefix]
    facts["bilat_extra"] = _diff(facts["site_50"], facts["site_amt"])
    facts["rank_cut"] = _diff(facts["site_amt"], facts["site_51"])
    facts["cq_cut"] = _diff(nf, row["nf_cq"])
    facts["unit2"] = _diff(row["nf_2u"], nf)
    facts["unit2_cut"] = _diff(nf, facts["unit2"])
    facts["cosurg_condition"] = COSURG.get(row["co_surg"] or "")
    facts["team_condition"] = TEAM.get(row["team_surg"] or "")
    mue = found.mue.get(row["hcpcs"])
    facts["ncci_quarter"] = mue["quarter"] if mue else None
    facts["mue_value"] = mue["mue_value"] if mue else None
    facts["mue_mai"] = mue["mai"] if mue else None
    pairs = found.pairs.get(row["hcpcs"], {})
    for direction in ("ptp_col1", "ptp_col2"):
        facts[direction] = pairs.get(direction, [])
        if facts[direction]:
            facts["ncci_quarter"] = facts[direction][0]["quarter"]
    profile = found.profiles.get(row["hcpcs"])
    facts["published"] = bool(profile)
    facts["report_count"] = profile["report_count"] if profile else None
    facts["shown_reasons"] = _shown(profile, "top_reasons")
    facts["shown_payers"] = _shown(profile, "by_payer_type")
    appeals = (profile or {}).get("appeals") or {}
    facts["appeals_won"], facts["appeals_decided"] = appeals.get("won"), appeals.get("decided")
    facts["appeals_shown"] = facts["appeals_won"] is not None and bool(facts["appeals_decided"])
    return facts


def _shown(profile: dict[str, Any] | None, breakdown: str) -> list[dict[str, Any]]:
    """The cells of ``breakdown`` the page shows unsuppressed, largest first (as the page orders them)."""
    if not profile:
        return []
    cells = [
        c for c in profile.get(breakdown) or [] if c.get("count") is not None and not c.get("suppressed")
    ]
    return sorted(cells, key=lambda c: (-c["count"], c["key"]))
