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
from collections.abc import Callable
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
from pipelines.export.documents import SCHEMA_VERSION, Sections, build_documents, load_sections, to_json
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
    for i, path in enumerate(paths, 1):
        data = path.read_bytes()
        name = f"{CODES}/{path.name}"
        if listed.get(name) != hashlib.sha256(data).hexdigest():
            problems.append(f"{name}: SHA-256 differs from the manifest")
        doc = json.loads(data)
        problems += [f"{name}: schema: {e.message}" for e in check.iter_errors(doc)]
        if doc.get("hcpcs") != path.stem:
            problems.append(f"{name}: hcpcs {doc.get('hcpcs')!r} does not match the file name")
        if progress is not None and (i % 2000 == 0 or i == len(paths)):
            progress("validate", i, len(paths))
    return problems


def verify_privacy(
    build: Path,
    rules: SuppressionRules,
    texts_forbidden: frozenset[str] = frozenset(),
    progress: Progress | None = None,
) -> list[str]:
    """The privacy gate on every file of the build: documents, Parquet, change report, manifest."""
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
    docs = build_documents(sections, rules, generated_at)
    laps("assemble")
    with publish.export_lock(export_root):
        build = publish.new_build_dir(export_root, now)
        return _publish(
            build, sections, docs, rules, forbidden, keep, generated_at, progress, laps, stage_only
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
    docs: list[dict[str, Any]],
    rules: SuppressionRules,
    forbidden: frozenset[str],
    keep: int,
    generated_at: str,
    progress: Progress | None,
    lap: _Laps,
    stage_only: bool = False,
) -> ExportResult:
    """Write the build, verify it, switch it live or stage it (the caller holds the export lock)."""
    export_root = build.parent.parent
    try:
        (build / CODES).mkdir()
        rows = []
        for i, doc in enumerate(docs, 1):
            text = to_json(doc)
            _write(build / CODES / f"{doc['hcpcs']}.json", text)
            rows.append(flat_row(doc, text))
            if progress is not None and (i % 2000 == 0 or i == len(docs)):
                progress("write", i, len(docs))
        write_parquet(build / PARQUET, rows)
        changes = change_report(publish.current_build(export_root), rows)
        _write(build / CHANGES, json.dumps(changes, indent=1))
        localities = localities_document(sections)
        _write(build / LOCALITIES, to_json(localities))
        lap("write")
        manifest = _manifest(build, sections, docs, changes, generated_at)
        _write(build / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        lap("manifest")
        problems = verify_build(build, rules, forbidden, progress)
        lap("verify")
        if problems:
            raise ExportRefused(problems)
        preview.write_preview(export_root, build, docs, localities)
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
    return ExportResult(build_id, sealed, len(docs), size, changes, manifest, lap.seconds)


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
    build: Path, sections: Sections, docs: list[dict[str, Any]], changes: dict[str, Any], generated_at: str
) -> dict[str, Any]:
    files = {p.relative_to(build).as_posix(): sha256_file(p) for p in sorted(build.rglob("*")) if p.is_file()}
    confidence: dict[str, int] = {}
    for doc in docs:
        confidence[doc["confidence"]] = confidence.get(doc["confidence"], 0) + 1
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
        "documents": len(docs),
        "published_denial_profiles": sum(1 for d in docs if d["denials"]["published"]),
        "confidence": confidence,
        "changes": changes["counts"],
        "files": files,
    }
