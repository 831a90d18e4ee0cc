"""Build every code_page.v2 document of one release, set-based: one query per section, joined in dicts.

``load_sections(conn, on_date)`` runs the queries (sql/exports/*.sql) on a warehouse connection
(the run's working copy or the published file, read-only); ``build_documents(sections, ...)``
assembles the documents in Python without touching the database again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb

from pipelines.export import confidence
from pipelines.lib.sql import fetch_dicts, run_sql
from pipelines.marts.profile import unpublished
from pipelines.marts.rules import SuppressionRules
from pipelines.ncci.labels import MODIFIER_INDICATOR, MUE_ADJUDICATION_INDICATOR

SCHEMA_VERSION = 2  # the code_page contract the documents follow (pipelines/lib/paths.py CODE_PAGE_CONTRACT)
PAGE_EDITS = 100  # code_page.v2: at most 100 active edits per direction on a page; all in the companion file
NCCI_DIR = "ncci"  # companion files: <export root>/ncci/<HCPCS>.json
NCCI_BUCKETS = 8  # the NCCI queries run per hash bucket of the code (a real quarter: ~4 M edit entries)

INDICATORS = {
    "pctc": "pctc_indicator",
    "global_days": "global_days",
    "mult_proc": "mult_proc_indicator",
    "bilat_surg": "bilat_surg_indicator",
    "asst_surg": "asst_surg_indicator",
    "co_surg": "co_surg_indicator",
    "team_surg": "team_surg_indicator",
    "endo_base": "endo_base",
    "phys_supervision": "phys_supervision",
    "diag_imaging_family": "diag_imaging_family",
}


class NoReleaseLoaded(RuntimeError):
    pass


@dataclass
class Sections:
    """Everything the documents are made of, fetched once per export."""

    release: dict[str, Any]
    context: confidence.ReleaseContext
    base: list[dict[str, Any]]
    components: dict[str, list[dict[str, Any]]]
    ncci_version: str | None
    ncci: dict[str, str]  # HCPCS -> the page's `ncci` object as JSON text (sql/exports/code_page_ncci.sql)
    denials: dict[str, str]
    report_cutoff: str | None
    accepted_reports: int
    tables: set[str] = field(default_factory=set)
    # per (hcpcs, modifier): OPPS PE/MP RVUs and OPPSCAP amounts, what the locality cap needs
    opps: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # the payment localities of the release with their GPCIs (exported as localities.json)
    localities: list[dict[str, Any]] = field(default_factory=list)
    # billing guidance of the release (tables of the `guidance` assets)
    tips: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    explanations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rule_library: str = ""


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def page_release(conn: duckdb.DuckDBPyConnection, on_date: date) -> tuple[str, bool]:
    """(release_id, in effect on ``on_date``): ops' release_in_effect, else the nearest loaded one."""
    found = run_sql(conn, "ops/release_in_effect", {"on_date": on_date, "track": "NONQPP"}).fetchall()
    if found:
        return found[0][0], True
    first = run_sql(conn, "exports/fallback_release", {"on_date": on_date}).fetchall()
    if not first:
        raise NoReleaseLoaded("no RVU release is loaded: load one (medpay run) before exporting")
    return first[0][0], False


def load_sections(conn: duckdb.DuckDBPyConnection, on_date: date) -> Sections:
    tables = {row[0] for row in run_sql(conn, "ops/table_names").fetchall()}
    missing = {"releases", "rvu", "code_payment_summary", "payment", "pricing_status"} - tables
    if missing:
        raise NoReleaseLoaded(f"the warehouse has no {', '.join(sorted(missing))}: run `medpay run` first")
    release_id, in_effect = page_release(conn, on_date)
    release = fetch_dicts(run_sql(conn, "exports/release_details", {"release_id": release_id}))[0]
    stale = None
    if in_effect and "data_freshness" in tables:  # not in effect already lowers every page
        fresh = fetch_dicts(run_sql(conn, "exports/rvu_freshness"))
        if fresh and fresh[0]["stale"] and fresh[0]["current_item"] == release_id:
            stale = fresh[0]["message"]
    context = confidence.release_concerns(
        release_id,
        in_effect,
        on_date,
        release["effective_from"],
        stale,
        release["rvu_rows_rejected"],
        release["missing_tables"] or [],
    )
    base = fetch_dicts(run_sql(conn, "exports/code_page_base", {"release_id": release_id}))
    components: dict[str, list[dict[str, Any]]] = {}
    for row in fetch_dicts(run_sql(conn, "exports/code_page_components", {"release_id": release_id})):
        components.setdefault(row["hcpcs"], []).append(row)
    ncci_version, ncci = None, {}
    if {"ncci_latest", "ncci_code_edits"} <= tables:
        latest = run_sql(conn, "exports/ncci_version").fetchall()
        if latest:
            ncci_version = latest[0][1]
            for bucket in range(NCCI_BUCKETS):  # a slice of the codes at a time: bounded DuckDB memory
                params = {"page_edits": PAGE_EDITS, "buckets": NCCI_BUCKETS, "bucket": bucket}
                ncci.update(run_sql(conn, "exports/code_page_ncci", params).fetchall())
    denials = {}
    if "code_denial_profile" in tables:
        denials = dict(run_sql(conn, "exports/code_page_denials").fetchall())
    cutoff, accepted = None, 0
    if "reports" in tables:
        cutoff, accepted = run_sql(conn, "exports/report_cutoff").fetchall()[0]
    opps = {
        (row["hcpcs"], row["modifier"]): row
        for row in fetch_dicts(run_sql(conn, "exports/code_page_opps", {"release_id": release_id}))
    }
    localities = fetch_dicts(run_sql(conn, "exports/localities", {"release_id": release_id}))
    return Sections(
        release=release,
        context=context,
        base=base,
        components=components,
        ncci_version=ncci_version,
        ncci=ncci,
        denials=denials,
        report_cutoff=_iso(cutoff),
        accepted_reports=int(accepted or 0),
        tables=tables,
        opps=opps,
        localities=localities,
        **guidance_sections(conn, release_id, tables),
    )


def guidance_sections(conn: duckdb.DuckDBPyConnection, release_id: str, tables: set[str]) -> dict[str, Any]:
    """Billing tips and denial explanations of the release (tables built by the `guidance` assets)."""
    from pipelines.guidance import stored
    from pipelines.guidance.library import load_library

    tips: dict[str, list[dict[str, Any]]] = {}
    explanations: dict[str, list[dict[str, Any]]] = {}
    version = load_library().label
    if "code_billing_tips" in tables:
        for row, tip in stored.tips(conn, release_id):
            version = row["rule_library_version"]
            tips.setdefault(row["hcpcs"], []).append(tip)
    if "code_denial_explanations" in tables:
        for code, entry in stored.explanations(conn, release_id):
            explanations.setdefault(code, []).append(entry)
    return {"tips": tips, "explanations": explanations, "rule_library": version}


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _rvu(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "work": float(row["work_rvu"]),
        "pe_nonfacility": float(row["pe_nonfacility_rvu"]),
        "pe_facility": float(row["pe_facility_rvu"]),
        "mp": float(row["mp_rvu"]),
        "total_nonfacility": float(row["total_nonfacility_rvu"]),
        "total_facility": float(row["total_facility_rvu"]),
        "pe_nonfacility_na": bool(row["pe_nonfacility_na"]),
        "pe_facility_na": bool(row["pe_facility_na"]),
    }


def _components(row: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Component rows with their own RVUs; national amounts from code_payment_summary's components."""
    if row["page_modifier"]:  # component-only code: the page row is its one component
        money = {"nonfacility": _num(row["national_nonfacility"]), "facility": _num(row["national_facility"])}
        return [{"modifier": row["page_modifier"], "rvu": _rvu(row), "national_payment": money}]
    amounts = {c["modifier"]: c for c in json.loads(row["components"] or "[]")}
    out = []
    for comp in rows:
        priced = amounts.get(comp["modifier"], {})
        out.append(
            {
                "modifier": comp["modifier"],
                "rvu": _rvu(comp),
                "national_payment": {
                    "nonfacility": _num(priced.get("nonfacility")),
                    "facility": _num(priced.get("facility")),
                },
            }
        )
    return out


def edits_file(code: str) -> str:
    """Path (relative to the export root) of a code's companion file with every active edit."""
    return f"{NCCI_DIR}/{code}.json"


def _ncci(code: str, version: str | None, pages: dict[str, str]) -> dict[str, Any] | None:
    """The page's `ncci` object: SQL's JSON (at most PAGE_EDITS edits per direction, the totals, the MUE)
    plus the companion file's path and what each modifier / adjudication indicator shown lets a biller do."""
    if version is None:
        return None
    text = pages.get(code)
    if text is None:
        return {
            "version": version,
            "ptp_as_column1": [],
            "ptp_as_column2": [],
            "ptp_as_column1_total": 0,
            "ptp_as_column2_total": 0,
            "edits_file": None,
            "mue": None,
        }
    page = json.loads(text)
    has_edits = page["ptp_as_column1_total"] + page["ptp_as_column2_total"] > 0
    page["edits_file"] = edits_file(code) if has_edits else None
    used = sorted({e["modifier_indicator"] for e in page["ptp_as_column1"] + page["ptp_as_column2"]})
    # What each modifier indicator on this page lets a biller do (pipelines/ncci/labels.py).
    page["modifier_indicator_meanings"] = {
        str(i): MODIFIER_INDICATOR[i][1] for i in used if i in MODIFIER_INDICATOR
    }
    mue = page.get("mue")
    if mue is not None:
        page["mue"] = mue = {k: v for k, v in mue.items() if v is not None}
        if mue.get("adjudication_indicator") in MUE_ADJUDICATION_INDICATOR:
            mue["adjudication_meaning"] = MUE_ADJUDICATION_INDICATOR[mue["adjudication_indicator"]][1]
    return page


def _opps(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """The OPPS cap inputs of a page (extra field): with the exported localities' GPCIs they give every
    locality amount as the payment view computes it (the lower of the fee and the OPPS limit)."""
    if row is None:
        return None
    return {
        "pe_nonfacility": _num(row["opps_pe_nonfacility_rvu"]),
        "pe_facility": _num(row["opps_pe_facility_rvu"]),
        "mp": _num(row["opps_mp_rvu"]),
        "cap": {
            c["locality"]: {"nonfacility": _num(c["nonfacility"]), "facility": _num(c["facility"])}
            for c in row["cap"] or []
        },
    }


def _release_fields(release_id: str) -> dict[str, Any]:
    """code_page.v2 ids look like RVU26A: a 2026+ variant id (RVU26A_NONQPP) is written as its release id
    plus `track` (QPP / NONQPP; null before 2026, when CMS published one PPRRVU per release)."""
    base, _, track = release_id.partition("_")
    source = f"CMS MPFS {base}" + (f" ({track})" if track else "")
    return {"id": base, "source": source, "track": track or None}


def build_document(
    row: dict[str, Any], sections: Sections, rules: SuppressionRules, generated_at: str
) -> dict[str, Any]:
    code, release_id = row["hcpcs"], sections.release["release_id"]
    status_code = row["status_code"]
    label = row["status_label"]
    nonfacility, facility = _num(row["national_nonfacility"]), _num(row["national_facility"])
    payable = row["payable_on_fee_schedule"]
    if payable is None:  # component-only codes are not in code_payment_summary
        payable = row["treatment"] == "priced" and (nonfacility, facility) != (None, None)
    level, reason = confidence.decide(
        status_code, payable, nonfacility, facility, row["page_modifier"], sections.context
    )
    profile = sections.denials.get(code)
    denials = json.loads(profile) if profile else unpublished(rules.min_reports, rules.min_reports)
    if denials.get("published"):  # what the CMS facts say about each shown reason (rule library)
        denials["explanations"] = sections.explanations.get(code, [])
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "hcpcs": code,
        "description": row["description"],
        "release": _release_fields(release_id)
        | {
            "released_on": _iso(sections.release["released_on"]),
            "effective_from": _iso(sections.release["effective_from"]),
        },
        "status": {"code": status_code, "label": label, "payable_on_fee_schedule": bool(payable)},
        "rvu": _rvu(row),
        "conversion_factor": float(row["conversion_factor"]),
        "national_payment": {
            "nonfacility": nonfacility,
            "facility": facility,
            "nonfacility_reason": row["nonfacility_reason"],
            "facility_reason": row["facility_reason"],
            "nonfacility_na": bool(row["pe_nonfacility_na"]),
            "facility_na": bool(row["pe_facility_na"]),
        },
        "indicators": {key: row[col] for key, col in INDICATORS.items() if row[col] not in (None, "")},
        "components": _components(row, sections.components.get(code, [])),
        "modifier_rules": json.loads(row["modifier_rules"] or "[]"),
        "opps_cap": _opps(sections.opps.get((code, row["page_modifier"] or ""))),
        "confidence": level,
        "confidence_reason": reason,
        "ncci": _ncci(code, sections.ncci_version, sections.ncci),
        "denials": denials,
        "generated_at": generated_at,
        "billing_tips": sections.tips.get(code, []),
        "rule_library": {"version": sections.rule_library},
    }
    for optional in ("description", "opps_cap"):
        if doc[optional] is None:
            del doc[optional]
    return doc


def iter_documents(
    sections: Sections, rules: SuppressionRules, generated_at: str
) -> Iterator[dict[str, Any]]:
    """Every document, one at a time (the export writes each before assembling the next)."""
    for row in sections.base:
        yield build_document(row, sections, rules, generated_at)


def build_documents(sections: Sections, rules: SuppressionRules, generated_at: str) -> list[dict[str, Any]]:
    return list(iter_documents(sections, rules, generated_at))


def to_json(doc: dict[str, Any]) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=default)
