"""Make one export and publish it atomically: documents -> build dir -> verify -> switch `current`.

    result = export_code_pages(conn, export_root, rules)     # raises ExportRefused, previous stays live

Incremental by content (docs/adr/0001-warehouse-publishing.md, "Incremental export"): every page's
document is computed (a few hundred ms for every code), rendered to its files (``page_files``: the
code page JSON, and any companion file a page gains) with the ``generated_at`` it had in the live
build, and compared by SHA-256 with the live build's manifest. A page whose files are unchanged is
carried into the new build as hard links (copies across file systems) and keeps its ``generated_at``
(= when its content last changed); a changed page is written with the export's time, then validated
and gated. When the contract, the rule library, the RVU release, the NCCI quarter or the gate's rules
differ from the live build (or there is none), every page is rewritten and checked (``mode: full``).
Either way the bytes of every page are the same, which tests/exports/test_incremental.py proves.

In-build verification works on the bytes just rendered: the compiled code_page.v2 validator and the
privacy gate (``gate.screen_page``) on every written page, the value screen (ids, contributor free
text) on every carried page, the gate on the manifest and change report. The pipeline's blocking
asset checks then re-read the FILES (``verify_contract``, ``verify_privacy``); a standalone export
(``medpay export``) runs the same file checks itself before switching. The build is fsynced once
(``publish.sync_tree``) before it is staged or switched, not file by file.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
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
    build_documents,
    edits_file,
    load_sections,
    to_json,
)
from pipelines.lib.files import sha256_file
from pipelines.lib.paths import CODE_PAGE_CONTRACT, CODE_PAGE_SCHEMA
from pipelines.lib.schema import compiled_problems
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
    mode: str = "full"  # or "incremental": unchanged pages carried from the live build
    written: int = 0  # pages written (and checked) by this build; the rest were carried


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(CODE_PAGE_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_problems(doc: Any) -> list[str]:
    """Every code_page.v2 violation of one document (empty when it validates): compiled once per
    process, the same answer and messages as ``validator()`` (pipelines/lib/schema.py)."""
    return _contract_problems()(doc)


@cache
def _contract_problems() -> Callable[[Any], list[str]]:
    return compiled_problems(json.loads(CODE_PAGE_SCHEMA.read_text(encoding="utf-8")))


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
    folder = build / CODES
    if not folder.is_dir():
        return []
    return [folder / name for name in sorted(os.listdir(folder)) if name.endswith(".json")]


def verified_twins(build: Path, manifest: dict[str, Any] | None = None) -> set[str]:
    """Page files of ``build`` that ARE the live build's file at the same path (same device and inode:
    a carried hard link) with the same SHA-256 in both manifests, the two builds having the same
    build_key. The live build passed these checks under the same contract and gate rules when it went
    live, so only the value screen for contributor text (which new reports add) needs their text again.
    Empty when ``build`` is the live build or nothing is shared."""
    manifest = manifest if manifest is not None else _manifest_of(build)
    live = publish.current_build(build.parent.parent)
    if manifest is None or live is None or live.resolve() == build.resolve():
        return set()
    previous = _manifest_of(live)
    if previous is None or previous.get("build_key") != manifest.get("build_key"):
        return set()
    before, listed = previous.get("files", {}), manifest.get("files", {})
    twins = set()
    for name, digest in listed.items():
        if not name.startswith((f"{CODES}/", f"{NCCI_DIR}/")) or before.get(name) != digest:
            continue
        try:
            mine, theirs = os.stat(build / name), os.stat(live / name)
        except FileNotFoundError:
            continue
        if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
            twins.add(name)
    return twins


def verify_contract(build: Path, progress: Progress | None = None) -> list[str]:
    """The manifest's file list, hashes and count hold; every document validates against
    code_page.v2 (compiled validator, same answer as Draft 2020-12 with formats) and is named after
    its code. A verified twin of the live build's file (``verified_twins``) is not read again."""
    manifest = _manifest_of(build)
    if manifest is None:
        return [f"{build.name}: no {MANIFEST}"]
    problems = []
    listed: dict[str, str] = manifest.get("files", {})
    on_disk = {p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file()} - {MANIFEST}
    if set(listed) != on_disk:
        problems.append(f"manifest lists {len(listed)} files, the build holds {len(on_disk)}")
    for name in sorted(on_disk - {f"{CODES}/{p.name}" for p in _documents(build)}):
        if listed.get(name) != sha256_file(build / name):
            problems.append(f"{name}: SHA-256 differs from the manifest")
    for name in (PARQUET, CHANGES):
        if not (build / name).is_file():
            problems.append(f"no {name}")
    paths = _documents(build)
    if manifest.get("documents") != len(paths):
        problems.append(f"manifest says {manifest.get('documents')} documents, {len(paths)} found")
    twins = verified_twins(build, manifest)
    pages: dict[str, dict[str, Any]] = {}  # HCPCS -> its page's ncci object without the edit lists' details
    for i, path in enumerate(paths, 1):
        name = f"{CODES}/{path.name}"
        if name in twins:
            continue
        data = path.read_bytes()
        if listed.get(name) != hashlib.sha256(data).hexdigest():
            problems.append(f"{name}: SHA-256 differs from the manifest")
        doc = json.loads(data)
        problems += [f"{name}: schema: {m}" for m in schema_problems(doc)]
        if doc.get("hcpcs") != path.stem:
            problems.append(f"{name}: hcpcs {doc.get('hcpcs')!r} does not match the file name")
        if isinstance(doc.get("ncci"), dict):
            pages[path.stem] = _page_edits(doc["ncci"])
        if progress is not None and (i % 2000 == 0 or i == len(paths)):
            progress("validate", i, len(paths))
    return problems + verify_edits_files(build, listed, pages, twins)


def _page_edits(ncci: dict[str, Any]) -> dict[str, Any]:
    return {
        "edits_file": ncci.get("edits_file"),
        "totals": (ncci.get("ptp_as_column1_total"), ncci.get("ptp_as_column2_total")),
        "shown": (
            [e.get("column2") for e in ncci.get("ptp_as_column1") or []],
            [e.get("column1") for e in ncci.get("ptp_as_column2") or []],
        ),
    }


def verify_edits_files(
    build: Path, listed: dict[str, str], pages: dict[str, dict[str, Any]], twins: set[str] = frozenset()
) -> list[str]:
    """Each page's ``edits_file`` exists, is listed with its SHA-256, is the code's, holds exactly the
    page's totals of edits and starts with the edits the page shows (same order); a page without edits
    names no file and no file is left without a page. Pages of verified twins are not read again:
    their companions are twins too (a page is carried with all its files or not at all)."""
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
    # a carried page's companion is carried with it (twins: checked when the live build went live)
    orphans = [name for name in orphans if name not in named and name not in twins]
    if orphans:
        problems.append(f"{len(orphans)} edits file(s) no page points at, e.g. {orphans[:3]}")
    return problems


def _companion_rows(conn: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str]]:
    """(HCPCS, companion JSON text) of every code with an active edit: one query per hash bucket of the
    code, fetched in batches (never all edits of a quarter in DuckDB's sort or in Python at once)."""
    for bucket in range(NCCI_BUCKETS):
        cursor = run_sql(conn, "exports/ncci_edits_files", {"buckets": NCCI_BUCKETS, "bucket": bucket})
        while batch := cursor.fetchmany(1000):
            yield from batch


def _gate_meta(manifest: dict[str, Any], changes: dict[str, Any] | None, texts_forbidden) -> list[str]:
    """The privacy gate on the manifest (minus its file hashes) and the change report."""
    # the manifest's file hashes are 64 hex digits like a contributor id: value rules skip them
    described = {k: v for k, v in manifest.items() if k != "files"}
    problems = [f"manifest: {p}" for p in gate.check_values(described, texts_forbidden, "$.manifest")]
    problems += [f"manifest: forbidden field {k}" for k in _keys(manifest) & gate.FORBIDDEN_KEYS]
    if changes is not None:
        problems += [f"changes: {p}" for p in gate.check_values(changes, texts_forbidden, "$.changes")]
        problems += [f"changes: forbidden field {k}" for k in _keys(changes) & gate.FORBIDDEN_KEYS]
    return problems


def verify_privacy(
    build: Path,
    rules: SuppressionRules,
    texts_forbidden: frozenset[str] = frozenset(),
    progress: Progress | None = None,
) -> list[str]:
    """The privacy gate on every file of the build: documents, NCCI companion files, Parquet, change
    report, manifest.

    A verified twin of the live build's file (``verified_twins``) gets the value screen for
    contributor text only, and its Parquet row is compared with the live Parquet's row instead of
    being derived from its document again (the live build's check derived it)."""
    manifest = _manifest_of(build) or {}
    changes_path = build / CHANGES
    changes = json.loads(changes_path.read_text(encoding="utf-8")) if changes_path.is_file() else None
    problems = _gate_meta(manifest, changes, texts_forbidden)
    texts: dict[str, str] = {}
    docs: dict[str, dict[str, Any]] = {}
    twins = verified_twins(build, manifest)
    paths = _documents(build)
    for i, path in enumerate(paths, 1):
        name = f"{CODES}/{path.name}"
        texts[path.stem] = text = path.read_text(encoding="utf-8")
        if name in twins and not gate.text_flags(text, texts_forbidden):
            continue
        docs[path.stem] = doc = json.loads(text)
        problems += [f"{name}: {p}" for p in gate.screen_page(text, doc, rules, texts_forbidden)]
        if progress is not None and (i % 2000 == 0 or i == len(paths)):
            progress("privacy gate", i, len(paths))
    for path in sorted((build / NCCI_DIR).glob("*.json")):  # companion files: codes, numbers, CMS texts
        name = f"{NCCI_DIR}/{path.name}"
        text = path.read_text(encoding="utf-8")
        if name in twins and not gate.text_flags(text, texts_forbidden):
            continue
        problems += [f"{name}: {p}" for p in gate.check_json_text(text, texts_forbidden)]
    if (build / PARQUET).is_file():
        carried = {Path(name).stem for name in twins} - set(docs)
        live = publish.current_build(build.parent.parent) if carried else None
        problems += check_parquet(build / PARQUET, texts, docs, carried, live / PARQUET if live else None)
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


def page_files(doc: dict[str, Any], companions: dict[str, str] | None = None) -> dict[str, str]:
    """The files of one page (path inside the build -> text): its code_page JSON, plus the companion
    file with every active NCCI edit of the code when the page names one (``companions``: HCPCS ->
    its text, from ``exports/ncci_edits_files``). Everything incremental works per page over this dict."""
    files = {f"{CODES}/{doc['hcpcs']}.json": to_json(doc)}
    path = (doc.get("ncci") or {}).get("edits_file")
    if path:
        files[path] = (companions or {})[doc["hcpcs"]]
    return files


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Page:
    code: str
    doc: dict[str, Any]
    files: dict[str, str]  # path -> text
    hashes: dict[str, str]  # path -> SHA-256 of its UTF-8 bytes
    carried: bool  # unchanged since the live build: its files are linked from there


def _gate_fingerprint(rules: SuppressionRules) -> str:
    """Opaque fingerprint of the rules the gate checked a build against (a change re-checks every page)."""
    return hashlib.sha256(repr(rules).encode()).hexdigest()[:16]


def build_key(sections: Sections, rules: SuppressionRules) -> dict[str, Any]:
    """What every page depends on as a whole: a change in any of these rewrites and re-checks every page."""
    return {
        "contract": CODE_PAGE_CONTRACT,
        "schema_version": SCHEMA_VERSION,
        "rule_library": sections.rule_library,
        "rvu": sections.release["release_id"],
        "ncci": sections.ncci_version,
        "gate": _gate_fingerprint(rules),
    }


def plan_pages(
    docs: list[dict[str, Any]],
    generated_at: str,
    previous: dict[str, Any] | None,
    key: dict[str, Any],
    full: bool = False,
    companions: dict[str, str] | None = None,
) -> tuple[list[Page], str]:
    """(pages, mode). A page keeps the ``generated_at`` of the live build when its files are then
    byte-identical to the live build's (the time its content last changed), else gets ``generated_at``.
    Mode ``incremental`` carries unchanged pages; ``full`` (asked for, no live build, or a different
    build key) marks every page to be written and checked."""
    before: dict[str, str] = (previous or {}).get("pages", {})
    listed: dict[str, str] = (previous or {}).get("files", {})
    mode = "full" if full or previous is None or previous.get("build_key") != key else "incremental"
    pages = []
    for doc in docs:
        code = doc["hcpcs"]
        same = False
        if code in before:
            doc["generated_at"] = before[code]
            files = page_files(doc, companions)
            hashes = {path: _sha(text) for path, text in files.items()}
            same = all(listed.get(path) == digest for path, digest in hashes.items())
        if not same:
            doc["generated_at"] = generated_at
            files = page_files(doc, companions)
            hashes = {path: _sha(text) for path, text in files.items()}
        pages.append(Page(code, doc, files, hashes, carried=same and mode == "incremental"))
    return pages, mode


def export_code_pages(
    conn: duckdb.DuckDBPyConnection,
    export_root: Path,
    rules: SuppressionRules,
    on_date: date | None = None,
    keep: int = 3,
    now: datetime | None = None,
    progress: Progress | None = None,
    stage_only: bool = False,
    full: bool = False,
) -> ExportResult:
    """Build, verify and publish an export of every code page; on any failure the build is discarded.

    ``stage_only``: verify and stage the build but leave the switch to the caller (a pipeline run
    switches it only once the whole run, and with it the warehouse, has succeeded).
    ``full``: rewrite and re-check every page even when an incremental export is possible."""
    now = now or datetime.now(UTC)
    generated_at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    laps = _Laps()
    sections = load_sections(conn, on_date or now.date())
    forbidden = free_texts(conn)
    laps("query")
    docs = build_documents(sections, rules, generated_at)
    # every active edit of each code with an edit, for the companion files its page points at
    companions = dict(_companion_rows(conn)) if sections.ncci_version is not None else {}
    laps("assemble")
    with publish.export_lock(export_root):
        live = publish.current_build(export_root)
        previous = _manifest_of(live) if live is not None else None
        key = build_key(sections, rules)
        pages, mode = plan_pages(docs, generated_at, previous, key, full, companions)
        laps("compare")
        build = publish.new_build_dir(export_root, now)
        try:
            return _publish(
                build,
                live,
                sections,
                pages,
                key,
                mode,
                rules,
                forbidden,
                keep,
                now,
                progress,
                laps,
                stage_only,
            )
        except BaseException:
            publish.discard(build)
            raise


class _Laps:
    """Seconds per step, for metadata and the benchmark."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._start = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = round(now - self._start, 3)
        self._start = now


def _carry(source: Path, target: Path, text: str) -> None:
    """A carried page file: a hard link to the live build's, else its bytes written again (the
    manifest's hash, checked by verify_contract, proves the two are the same)."""
    try:
        os.link(source, target)
    except OSError:
        target.write_text(text, encoding="utf-8")


def _check_pages(pages: list[Page], rules: SuppressionRules, forbidden: frozenset[str]) -> list[str]:
    """In-build verification of the pages: contract and gate on written pages, value screen on carried."""
    problems = []
    for page in pages:
        for path, text in page.files.items():
            if page.carried:  # checked when it went live; only contributor texts may have been added
                if gate.text_flags(text, forbidden):
                    problems += [f"{path}: {p}" for p in gate.check_page(page.doc, rules, forbidden)]
                continue
            if path.startswith(f"{CODES}/"):
                problems += [f"{path}: schema: {m}" for m in schema_problems(page.doc)]
                problems += [f"{path}: {p}" for p in gate.screen_page(text, page.doc, rules, forbidden)]
            elif path.startswith(f"{NCCI_DIR}/"):
                problems += [f"{path}: {p}" for p in gate.check_json_text(text, forbidden)]
    return problems


def _publish(
    build: Path,
    live: Path | None,
    sections: Sections,
    pages: list[Page],
    key: dict[str, Any],
    mode: str,
    rules: SuppressionRules,
    forbidden: frozenset[str],
    keep: int,
    now: datetime,
    progress: Progress | None,
    lap: _Laps,
    stage_only: bool = False,
) -> ExportResult:
    """Write the build, verify it, switch it live or stage it (the caller holds the export lock and
    discards the build on any failure)."""
    export_root = build.parent.parent
    rows = []
    files: dict[str, str] = {}
    folders: set[Path] = set()
    for i, page in enumerate(pages, 1):
        for path, text in page.files.items():
            target = build / path
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if page.carried and live is not None:
                _carry(live / path, target, text)
            else:
                target.write_text(text, encoding="utf-8")
            files[path] = page.hashes[path]
        if not page.carried:
            rows.append(flat_row(page.doc, page.files[f"{CODES}/{page.code}.json"]))
        if progress is not None and (i % 2000 == 0 or i == len(pages)):
            progress("write", i, len(pages))
    codes = [page.code for page in pages]
    carried_from = live / PARQUET if live is not None and len(rows) < len(pages) else None
    write_parquet(build / PARQUET, rows, codes, carried_from)
    changes = change_report(live, rows, codes)
    _write(build / CHANGES, json.dumps(changes, indent=1))
    localities = localities_document(sections)
    _write(build / LOCALITIES, to_json(localities))
    lap("write")
    docs = [page.doc for page in pages]
    files.update({name: sha256_file(build / name) for name in (PARQUET, CHANGES, LOCALITIES)})
    manifest = _manifest(build, sections, docs, changes, now, files, key, mode)
    _write(build / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    lap("manifest")
    problems = _check_pages(pages, rules, forbidden) + _gate_meta(manifest, changes, forbidden)
    if not stage_only:  # no blocking asset checks after a standalone export: re-read the files here
        problems += verify_build(build, rules, forbidden, progress)
    lap("verify")
    if problems:
        raise ExportRefused(problems)
    carried = {page.code for page in pages if page.carried}
    preview.write_preview(export_root, build, docs, localities, carried, live)
    lap("preview")
    publish.sync_tree(build)
    lap("sync")
    if stage_only:
        sealed = publish.stage(build)
        lap("stage")
    else:
        sealed = publish.switch(export_root, build, keep=keep)
        lap("switch")
    size = sum(p.stat().st_size for p in sealed.rglob("*") if p.is_file())
    build_id = sealed.name.removesuffix(".staged")
    written = sum(1 for page in pages if not page.carried)
    return ExportResult(build_id, sealed, len(docs), size, changes, manifest, lap.seconds, mode, written)


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
    build: Path,
    sections: Sections,
    docs: list[dict[str, Any]],
    changes: dict[str, Any],
    now: datetime,
    files: dict[str, str],
    key: dict[str, Any],
    mode: str,
) -> dict[str, Any]:
    confidence: dict[str, int] = {}
    for doc in docs:
        confidence[doc["confidence"]] = confidence.get(doc["confidence"], 0) + 1
    release = sections.release
    return {
        "contract": CODE_PAGE_CONTRACT,
        "schema_version": SCHEMA_VERSION,
        "build_id": build.name.removesuffix(".partial"),
        "generated_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "mode": mode,
        "build_key": key,
        "releases": {
            "rvu": release["release_id"],
            "rvu_effective_from": str(release["effective_from"]),
            "rvu_concerns": list(sections.context.concerns),
            "ncci": sections.ncci_version,
        },
        "report_cutoff": sections.report_cutoff,
        "documents": len(docs),
        "edits_files": sum(1 for name in files if name.startswith(f"{NCCI_DIR}/")),
        "published_denial_profiles": sum(1 for d in docs if d["denials"]["published"]),
        "confidence": confidence,
        "changes": changes["counts"],
        # code -> when its page content last changed (its documents' generated_at)
        "pages": {doc["hcpcs"]: doc["generated_at"] for doc in docs},
        "files": dict(sorted(files.items())),
    }
