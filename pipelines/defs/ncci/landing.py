"""What has landed in raw/cms/ncci/ and which quarters need (re)loading.

A quarter's landing is every recognised NCCI file (zip, extracted file, or files in sub-folders) whose
name maps to it (pipelines/parsing/ncci_files.py). It needs loading when a landed (file, SHA-256) is not
in the published warehouse's ``ncci_files`` for the quarter. Removing a file does not trigger a reload:
data is only ever replaced by newer files, never deleted by a tidy-up of the landing folder.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb

from pipelines.lib.files import sha256_file
from pipelines.lib.landings import in_progress
from pipelines.lib.paths import Paths
from pipelines.lib.sql import run_sql
from pipelines.lib.warehouse import connect_published
from pipelines.parsing.ncci_files import NcciFile, NcciFileError, classify


def scan(ncci_dir: Path) -> tuple[list[NcciFile], list[str]]:
    """(recognised files, problems) under ``ncci_dir``; a problem is a file whose name contradicts itself."""
    found, problems = [], []
    if not ncci_dir.is_dir():
        return found, problems
    for path in sorted(p for p in ncci_dir.rglob("*") if p.is_file()):
        if in_progress(path.relative_to(ncci_dir).as_posix()):
            continue
        try:
            recognised = classify(path)
        except NcciFileError as error:
            problems.append(str(error))
            continue
        if recognised is not None:
            found.append(recognised)
    return found, problems


def snapshot(ncci_dir: Path) -> dict[str, tuple[int, int]]:
    """name relative to ``ncci_dir`` -> (size, mtime ns) of every visible file (the sensor's cursor)."""
    if not ncci_dir.is_dir():
        return {}
    out = {}
    for path in ncci_dir.rglob("*"):
        rel = path.relative_to(ncci_dir)
        if path.is_file() and not in_progress(rel.as_posix()):
            stat = path.stat()
            out[rel.as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return out


def landed(ncci_dir: Path) -> dict[str, set[tuple[str, str]]]:
    """quarter -> {(file relative to ``ncci_dir``, SHA-256)} of what sits in the landing folder."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for file in scan(ncci_dir)[0]:
        out[file.quarter].add((file.path.relative_to(ncci_dir).as_posix(), sha256_file(file.path)))
    return dict(out)


def loaded(warehouse: Path | None = None) -> dict[str, set[tuple[str, str]]]:
    """quarter -> {(landing file, SHA-256)} recorded in the published warehouse."""
    try:
        conn = connect_published(str(warehouse) if warehouse else None)
    except FileNotFoundError:
        return {}
    try:
        rows = run_sql(conn, "ncci/loaded_files").fetchall()
    except duckdb.CatalogException:  # a warehouse without NCCI tables yet
        rows = []
    finally:
        conn.close()
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for quarter, name, sha in rows:
        out[quarter].add((name, sha))
    return dict(out)


def quarters_to_load(paths: Paths, force: bool = False) -> list[str]:
    """Quarter keys landed in raw/cms/ncci/ that the published warehouse lacks (with these bytes), or all."""
    here = landed(paths.ncci_dir)
    done = {} if force else loaded(paths.warehouse)
    return sorted(q for q, files in here.items() if force or not files <= done.get(q, set()))
