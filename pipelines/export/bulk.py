"""Bulk Parquet of an export (code_pages.parquet): one row per code, flat columns plus each section
as JSON text and the whole document, derived from the documents only (so the gate can prove it
carries nothing the verified JSON files do not)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

PARQUET = "code_pages.parquet"
SECTIONS = (
    "rvu",
    "national_payment",
    "components",
    "modifier_rules",
    "indicators",
    "status",
    "ncci",
    "denials",
)
SCHEMA = pa.schema(
    [
        ("hcpcs", pa.string()),
        ("description", pa.string()),
        ("release_id", pa.string()),
        ("status_code", pa.string()),
        ("payable_on_fee_schedule", pa.bool_()),
        ("national_nonfacility", pa.float64()),
        ("national_facility", pa.float64()),
        ("conversion_factor", pa.float64()),
        ("confidence", pa.string()),
        ("confidence_reason", pa.string()),
        ("ncci_version", pa.string()),
        ("ptp_edits", pa.int32()),
        ("mue_value", pa.int32()),
        ("denials_published", pa.bool_()),
        ("denials_report_count", pa.int32()),
        ("denials_reports_needed", pa.int32()),
        *[(f"{name}_json", pa.string()) for name in SECTIONS],
        ("document", pa.string()),
    ]
)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def flat_row(doc: dict[str, Any], text: str) -> dict[str, Any]:
    """The Parquet row of one document (``text``: the exact JSON written to codes/<HCPCS>.json)."""
    ncci, denials = doc.get("ncci"), doc["denials"]
    row = {
        "hcpcs": doc["hcpcs"],
        "description": doc.get("description"),
        "release_id": doc["release"]["id"],
        "status_code": doc["status"]["code"],
        "payable_on_fee_schedule": doc["status"]["payable_on_fee_schedule"],
        "national_nonfacility": doc["national_payment"]["nonfacility"],
        "national_facility": doc["national_payment"]["facility"],
        "conversion_factor": doc["conversion_factor"],
        "confidence": doc["confidence"],
        "confidence_reason": doc.get("confidence_reason"),
        "ncci_version": ncci["version"] if ncci else None,
        # every active edit (the page shows at most 100 per direction; the companion file all)
        "ptp_edits": ncci["ptp_as_column1_total"] + ncci["ptp_as_column2_total"] if ncci else None,
        "mue_value": (ncci.get("mue") or {}).get("value") if ncci else None,
        "denials_published": denials["published"],
        "denials_report_count": denials.get("report_count"),
        "denials_reports_needed": denials.get("reports_needed"),
        "document": text,
    }
    for name in SECTIONS:
        row[f"{name}_json"] = _dump(doc.get(name))
    return row


def write_parquet(
    path: Path,
    rows: list[dict[str, Any]],
    order: list[str] | None = None,
    carried_from: Path | None = None,
) -> None:
    """Write ``rows``; with ``carried_from`` (a previous export's Parquet), also the rows of the codes in
    ``order`` that ``rows`` lacks, taken from there (their documents are unchanged, so are their rows),
    in ``order``: the same bytes as writing every row afresh."""
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    if carried_from is not None and order is not None:
        fresh = {row["hcpcs"] for row in rows}
        wanted = pa.array(sorted(set(order) - fresh), pa.string())
        previous = pq.read_table(carried_from)
        if not previous.schema.remove_metadata().equals(SCHEMA):
            raise ValueError(f"{carried_from}: not the current Parquet schema, cannot carry its rows")
        table = pa.concat_tables([previous.filter(pc.is_in(previous["hcpcs"], value_set=wanted)), table])
        position = {code: i for i, code in enumerate(table["hcpcs"].to_pylist())}
        missing = [code for code in order if code not in position]
        if missing:
            raise ValueError(f"{carried_from}: no row for {len(missing)} carried code(s), e.g. {missing[:3]}")
        table = table.take(pa.array([position[code] for code in order])).combine_chunks()
    pq.write_table(table, path, compression="zstd")


def read_rows(path: Path, columns: list[str] | None = None) -> list[dict[str, Any]]:
    return pq.read_table(path, columns=columns).to_pylist()


def check_parquet(
    path: Path,
    texts: dict[str, str],
    docs: dict[str, dict[str, Any]] | None = None,
    carried: set[str] = frozenset(),
    live: Path | None = None,
) -> list[str]:
    """The Parquet holds exactly the documents ``texts`` (HCPCS -> text of codes/<HCPCS>.json) and
    nothing else: the SCHEMA columns, one row per file, each row's document byte-identical to its
    file and every other column re-derived from that document (``docs``: the texts already parsed).
    The rows of ``carried`` codes must instead equal the ``live`` Parquet's rows (checked when that
    build went live)."""
    table = pq.read_table(path)
    if table.schema.names != SCHEMA.names:
        extra = sorted(set(table.schema.names) - set(SCHEMA.names))
        return [f"{path.name}: columns differ from the export schema (extra: {extra})"]
    problems = []
    if carried and live is not None and live.is_file():
        wanted = pa.array(sorted(carried), pa.string())
        mine = table.filter(pc.is_in(table["hcpcs"], value_set=wanted)).sort_by("hcpcs")
        previous = pq.read_table(live)
        theirs = previous.filter(pc.is_in(previous["hcpcs"], value_set=wanted)).sort_by("hcpcs")
        if not mine.equals(theirs):
            problems.append(f"{path.name}: rows of unchanged codes differ from the live export's")
        table = table.filter(pc.invert(pc.is_in(table["hcpcs"], value_set=wanted)))
        seen = set(mine["hcpcs"].to_pylist())
    else:
        carried, seen = set(), set()
    for row in table.to_pylist():
        code = row["hcpcs"]
        seen.add(code)
        text = texts.get(code)
        if text is None:
            problems.append(f"{path.name}: row {code} has no codes/{code}.json")
            continue
        if row["document"] != text:
            problems.append(f"{path.name}: row {code} differs from codes/{code}.json")
            continue
        doc = docs[code] if docs is not None and code in docs else json.loads(text)
        expected = flat_row(doc, text)
        if row != expected:
            diff = sorted(k for k in expected if row.get(k) != expected[k])
            problems.append(f"{path.name}: row {code} columns {diff} are not derived from its document")
    missing = set(texts) - seen
    if missing:
        problems.append(f"{path.name}: no row for {len(missing)} code file(s), e.g. {sorted(missing)[:3]}")
    return problems
