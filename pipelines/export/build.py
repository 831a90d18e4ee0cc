"""Make one export and publish it atomically: documents -> build dir -> verify -> switch `current`.

    result = export_code_pages(conn, export_root, rules)     # raises ExportRefused, previous stays live

Verification (``verify_build``) reads the FILES back: the manifest's hashes and count, every
document against code_page.v2 (jsonschema, Draft 2020-12, format checker), the privacy gate on
every document, on the Parquet and on changes.json. Nothing is switched unless all of it passes.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache, partial
from pathlib import Path
from typing import Any

import duckdb
from jsonschema import Draft202012Validator

from pipelines.export import gate, preview, publish
from pipelines.export.bulk import PARQUET, check_parquet, flat_row, write_parquet
from pipelines.export.changes import change_report
from pipelines.export.documents import (
    NCCI_BUCKETS,
    NCCI_DIR,
    PAGE_EDITS,
    SCHEMA_VERSION,
    Sections,
    edits_file,
    iter_documents,
    load_sections,
    to_json,
)
from pipelines.lib.files import sha256_file
from pipelines.lib.paths import CODE_PAGE_CONTRACT, CODE_PAGE_SCHEMA
from pipelines.lib.sql import run_sql
from pipelines.marts.rules import SuppressionRules

MANIFEST, CHANGES, CODES, LOCALITIES = "manifest.json", "changes.json", "codes", "localities.json"
Progress = Callable[[str, int, int], None]


class ExportRefused(RuntimeError):
    """The new build failed verification; it was discarded and the previous export stays live."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else "")
        super().__init__(f"export refused, {len(problems)} problem(s): {shown}")


@dataclass
class ExportResult:
    build_id: str
    path: Path
    documents: int
    bytes: int
    changes: dict[str, Any]
    manifest: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(CODE_PAGE_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def free_texts(conn: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Contributor-typed texts of accepted reports (empty when the warehouse has no reports)."""
    tables = {row[0] for row in run_sql(conn, "ops/table_names").fetchall()}
    if "reports" not in tables:
        return frozenset()
    return frozenset(row[0] for row in run_sql(conn, "exports/free_texts").fetchall())


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _manifest_of(build: Path) -> dict[str, Any] | None:
    path = build / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _documents(build: Path) -> list[Path]:
    return sorted((build / CODES).glob("*.json"))


def _verified_documents(build: Path) -> Iterator[dict[str, Any]]:
    for path in _documents(build):
        yield json.loads(path.read_text(encoding="utf-8"))


def verify_contract(build: Path, progress: Progress | None = None) -> list[str]:
    """The manifest's file list, hashes and count hold; every document validates against
    code_page.v2 (Draft 2020-12, format checker) and is named after its code."""
    manifest = _manifest_of(build)
    if manifest is None:
        return [f"{build.name}: no {MANIFEST}"]
    problems = []
    listed: dict[str, str] = manifest.get("files", {})
    on_disk = {p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file()} - {MANIFEST}
    if set(listed) != on_disk:
        problems.append(f"manifest lists {len(listed)} files, the build holds {len(on_disk)}")
    for name in (PARQUET, CHANGES):
        if not (build / name).is_file():
            problems.append(f"no {name}")
        elif listed.get(name) != sha256_file(build / name):
            problems.append(f"{name}: SHA-256 differs from the manifest")
    check = validator()
    paths = _documents(build)
    if manifest.get("documents") != len(paths):
        problems.append(f"manifest says {manifest.get('documents')} documents, {len(paths)} found")
    pages: dict[str, dict[str, Any]] = {}  # HCPCS -> its page's ncci object without the edit lists' details
    for i, path in enumerate(paths, 1):
        data = path.read_bytes()
        name = f"{CODES}/{path.name}"
        if listed.get(name) != hashlib.sha256(data).hexdigest():
            problems.append(f"{name}: SHA-256 differs from the manifest")
        doc = json.loads(data)
        problems += [f"{name}: schema: {e.message}" for e in check.iter_errors(doc)]
        if doc.get("hcpcs") != path.stem:
            problems.append(f"{name}: hcpcs {doc.get('hcpcs')!r} does not match the file name")
        if isinstance(doc.get("ncci"), dict):
            pages[path.stem] = _page_edits(doc["ncci"])
        if progress is not None and (i % 2000 == 0 or i == len(paths)):
            progress("validate", i, len(paths))
    return problems + verify_edits_files(build, listed, pages)


def _page_edits(ncci: dict[str, Any]) -> dict[str, Any]:
    return {
        "edits_file": ncci.get("edits_file"),
        "totals": (ncci.get("ptp_as_column1_total"), ncci.get("ptp_as_column2_total")),
        "shown": (
            [e.get("column2") for e in ncci.get("ptp_as_column1") or []],
            [e.get("column1") for e in ncci.get("ptp_as_column2") or []],
        ),
    }


def verify_edits_files(build: Path, listed: dict[str, str], pages: dict[str, dict[str, Any]]) -> list[str]:
    """Each page's ``edits_file`` exists, is listed with its SHA-256, is the code's, holds exactly the
    page's totals of edits and starts with the edits the page shows (same order); a page without edits
    names no file and no file is left without a page."""
    problems = []
    named = set()
    for code, page in pages.items():
        totals, path = page["totals"], page["edits_file"]
        for direction, (shown, total) in enumerate(zip(page["shown"], totals, strict=True), 1):
            if isinstance(total, int) and len(shown) != min(total, PAGE_EDITS):
                problems.append(
                    f"{CODES}/{code}.json: shows {len(shown)} of {total} column {direction} edits"
                )
        if path is None:
            if any(totals):
                problems.append(f"{CODES}/{code}.json: has edits but no edits_file")
            continue
        named.add(path)
        if path != edits_file(code) or not (build / path).is_file():
            problems.append(
                f"{CODES}/{code}.json: edits_file {path!r} is not {edits_file(code)} in the build"
            )
            continue
        data = (build / path).read_bytes()
        if listed.get(path) != hashlib.sha256(data).hexdigest():
            problems.append(f"{path}: SHA-256 differs from the manifest")
        edits = json.loads(data)
        lists = (edits["ptp_as_column1"]["column2"], edits["ptp_as_column2"]["column1"])
        held = (edits.get("ptp_as_column1_total"), edits.get("ptp_as_column2_total"))
        if edits.get("hcpcs") != code or held != totals or tuple(len(x) for x in lists) != totals:
            problems.append(f"{path}: not {code}'s {totals[0]} + {totals[1]} edits of the page")
        elif any(list(full[: len(shown)]) != shown for full, shown in zip(lists, page["shown"], strict=True)):
            problems.append(f"{path}: does not start with the edits {CODES}/{code}.json shows")
    orphans = sorted(p.relative_to(build).as_posix() for p in (build / NCCI_DIR).glob("*.json"))
    orphans = [name for name in orphans if name not in named]
    if orphans:
        problems.append(f"{len(orphans)} edits file(s) no page points at, e.g. {orphans[:3]}")
    return problems


def verify_privacy(
    build: Path,
    rules: SuppressionRules,
    texts_forbidden: frozenset[str] = frozenset(),
    progress: Progress | None = None,
) -> list[str]:
    """The privacy gate on every file of the build: documents, NCCI companion files, Parquet, change
    report, manifest."""
    manifest = _manifest_of(build) or {}
    # the manifest's file hashes are 64 hex digits like a contributor id: value rules skip them
    described = {k: v for k, v in manifest.items() if k != "files"}
    problems = [f"manifest: {p}" for p in gate.check_values(described, texts_forbidden, "$.manifest")]
    problems += [f"manifest: forbidden field {k}" for k in _keys(manifest) & gate.FORBIDDEN_KEYS]
    texts: dict[str, str] = {}
    paths = _documents(build)
    for i, path in enumerate(paths, 1):
        texts[path.stem] = text = path.read_text(encoding="utf-8")
        problems += [
            f"{CODES}/{path.name}: {p}" for p in gate.check_page(json.loads(text), rules, texts_forbidden)
        ]
        if progress is not None and (i % 2000 == 0 or i == len(paths)):
            progress("privacy gate", i, len(paths))
    for path in sorted((build / NCCI_DIR).glob("*.json")):  # companion files: codes, numbers, CMS texts
        name = f"{NCCI_DIR}/{path.name}"
        problems += [
            f"{name}: {p}" for p in gate.check_json_text(path.read_text(encoding="utf-8"), texts_forbidden)
        ]
    if (build / PARQUET).is_file():
        problems += check_parquet(build / PARQUET, texts)
    if (build / CHANGES).is_file():
        changes = json.loads((build / CHANGES).read_text(encoding="utf-8"))
        problems += [f"changes: {p}" for p in gate.check_values(changes, texts_forbidden, "$.changes")]
        problems += [f"changes: forbidden field {k}" for k in _keys(changes) & gate.FORBIDDEN_KEYS]
    return problems


def verify_build(
    build: Path,
    rules: SuppressionRules,
    texts_forbidden: frozenset[str] = frozenset(),
    progress: Progress | None = None,
) -> list[str]:
    """Every problem with the export in ``build`` (empty list = it may go live)."""
    return verify_contract(build, progress) + verify_privacy(build, rules, texts_forbidden, progress)


def _keys(node: Any) -> set[str]:
    return {k for _, n in gate._walk(node, "$") if isinstance(n, dict) for k in n}


def export_code_pages(
    conn: duckdb.DuckDBPyConnection,
    export_root: Path,
    rules: SuppressionRules,
    on_date: date | None = None,
    keep: int = 3,
    now: datetime | None = None,
    progress: Progress | None = None,
    stage_only: bool = False,
) -> ExportResult:
    """Build, verify and publish an export of every code page; on any failure the build is discarded.

    ``stage_only``: verify and stage the build but leave the switch to the caller (a pipeline run
    switches it only once the whole run, and with it the warehouse, has succeeded)."""
    now = now or datetime.now(UTC)
    generated_at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    laps = _Laps()
    sections = load_sections(conn, on_date or now.date())
    forbidden = free_texts(conn)
    laps("query")
    # documents are assembled one at a time while they are written: a real NCCI quarter makes pages
    # of up to 200 edits, and 16,852 of them held at once cost gigabytes
    docs = iter_documents(sections, rules, generated_at)
    companions = None
    if sections.ncci_version is not None:  # every active edit per code, run once the pages are written
        companions = partial(_companion_rows, conn)
    with publish.export_lock(export_root):
        build = publish.new_build_dir(export_root, now)
        return _publish(
            build,
            sections,
            docs,
            rules,
            forbidden,
            keep,
            generated_at,
            progress,
            laps,
            stage_only,
            companions,
        )


class _Laps:
    """Seconds per step, for metadata and the benchmark."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._start = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = round(now - self._start, 3)
        self._start = now


def _publish(
    build: Path,
    sections: Sections,
    docs: Iterable[dict[str, Any]],
    rules: SuppressionRules,
    forbidden: frozenset[str],
    keep: int,
    generated_at: str,
    progress: Progress | None,
    lap: _Laps,
    stage_only: bool = False,
    companions: Callable[[], Iterable[tuple[str, str]]] | None = None,
) -> ExportResult:
    """Write the build, verify it, switch it live or stage it (the caller holds the export lock).

    ``companions`` yields (HCPCS, JSON text) of ``exports/ncci_edits_files``: the file of each code
    whose page names an ``edits_file`` is written to ncci/<HCPCS>.json."""
    export_root = build.parent.parent
    total = len(sections.base)
    try:
        (build / CODES).mkdir()
        rows = []
        wanted: set[str] = set()
        for i, doc in enumerate(docs, 1):
            text = to_json(doc)
            _write(build / CODES / f"{doc['hcpcs']}.json", text)
            rows.append(flat_row(doc, text))
            if (doc.get("ncci") or {}).get("edits_file"):
                wanted.add(doc["hcpcs"])
            if progress is not None and (i % 2000 == 0 or i == total):
                progress("write", i, total)
        lap("write pages")
        if companions is not None:
            _write_companions(build, companions(), wanted)
            lap("write edits files")
        write_parquet(build / PARQUET, rows)
        changes = change_report(publish.current_build(export_root), rows)
        _write(build / CHANGES, json.dumps(changes, indent=1))
        localities = localities_document(sections)
        _write(build / LOCALITIES, to_json(localities))
        lap("write")
        manifest = _manifest(build, sections, rows, changes, generated_at)
        _write(build / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        lap("manifest")
        problems = verify_build(build, rules, forbidden, progress)
        lap("verify")
        if problems:
            raise ExportRefused(problems)
        # the documents as written and verified, read back one at a time (they were not kept in memory)
        preview.write_preview(export_root, build, _verified_documents(build), localities)
        lap("preview")
        if stage_only:
            sealed = publish.stage(build)
            lap("stage")
        else:
            sealed = publish.switch(export_root, build, keep=keep)
            lap("switch")
    except BaseException:
        publish.discard(build)
        raise
    size = sum(p.stat().st_size for p in sealed.rglob("*") if p.is_file())
    build_id = sealed.name.removesuffix(".staged")
    return ExportResult(build_id, sealed, len(rows), size, changes, manifest, lap.seconds)


def _companion_rows(conn: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str]]:
    """(HCPCS, companion JSON text) of every code with an active edit: one query per hash bucket of the
    code, fetched in batches (never all edits of a quarter in DuckDB's sort or in Python at once)."""
    for bucket in range(NCCI_BUCKETS):
        cursor = run_sql(conn, "exports/ncci_edits_files", {"buckets": NCCI_BUCKETS, "bucket": bucket})
        while batch := cursor.fetchmany(1000):
            yield from batch


def _write_companions(build: Path, rows: Iterable[tuple[str, str]], wanted: set[str]) -> None:
    """ncci/<HCPCS>.json for every code whose page points at one. Codes with edits but no page get no file."""
    (build / NCCI_DIR).mkdir()
    for code, text in rows:
        if code in wanted:
            (build / edits_file(code)).write_text(text, encoding="utf-8")


def localities_document(sections: Sections) -> dict[str, Any]:
    """localities.json: the payment localities of the release shown, with the GPCIs that price them."""
    rows = sections.localities
    return {
        "release_id": sections.release["release_id"],
        "gpci_release_id": rows[0]["gpci_release_id"] if rows else None,
        "localities": [
            {
                "id": f"{r['mac']}-{r['locality']}",
                "mac": r["mac"],
                "locality": r["locality"],
                "state": r["state"],
                "name": r["locality_name"],
                "work_gpci": r["work_gpci"],
                "pe_gpci": r["pe_gpci"],
                "mp_gpci": r["mp_gpci"],
            }
            for r in rows
        ],
    }


def _manifest(
    build: Path, sections: Sections, rows: list[dict[str, Any]], changes: dict[str, Any], generated_at: str
) -> dict[str, Any]:
    """The manifest, from the Parquet rows (one per document): every file of the build with its SHA-256
    (pages, companion edit files, Parquet, change report), counts and releases."""
    files = {p.relative_to(build).as_posix(): sha256_file(p) for p in sorted(build.rglob("*")) if p.is_file()}
    confidence: dict[str, int] = {}
    for row in rows:
        confidence[row["confidence"]] = confidence.get(row["confidence"], 0) + 1
    release = sections.release
    return {
        "contract": CODE_PAGE_CONTRACT,
        "schema_version": SCHEMA_VERSION,
        "build_id": build.name.removesuffix(".partial"),
        "generated_at": generated_at,
        "releases": {
            "rvu": release["release_id"],
            "rvu_effective_from": str(release["effective_from"]),
            "rvu_concerns": list(sections.context.concerns),
            "ncci": sections.ncci_version,
        },
        "report_cutoff": sections.report_cutoff,
        "documents": len(rows),
        "edits_files": sum(1 for name in files if name.startswith(f"{NCCI_DIR}/")),
        "published_denial_profiles": sum(1 for r in rows if r["denials_published"]),
        "confidence": confidence,
        "changes": changes["counts"],
        "files": files,
    }
