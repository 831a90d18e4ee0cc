"""pyproject.toml declares what the code imports and nothing it does not use (dependencies by name)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).parents[1]
# Declared but never imported, each for a reason: the Dagster UI (`dagster dev`), jsonschema's
# "date-time" format checker (jsonschema finds it by itself) and pandas, the frames GX validates
# (made by Arrow's and Polars' to_pandas(), pipelines/lib/gx.py).
USED_WITHOUT_IMPORT = {"dagster-webserver", "rfc3339-validator", "pandas"}
# Imported only in a throw-away environment named in its module (the lexicon rebuild).
NOT_A_DEPENDENCY = {"wordfreq"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    dev = {_name(r) for r in project["optional-dependencies"]["dev"]}
    return runtime, dev


def _imported(*folders: str) -> set[str]:
    """Distributions of the top-level third-party modules imported anywhere under ``folders``."""
    modules: set[str] = set()
    for folder in folders:
        for path in (REPO / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules.add(node.module.split(".")[0])
    local = {p.stem for folder in folders for p in (REPO / folder).rglob("*") if p.suffix in ("", ".py")}
    modules -= set(sys.stdlib_module_names) | local | {"pipelines", "tests", "benchmarks", "__future__"}
    dists = packages_distributions()
    return {d.lower().replace("_", "-") for m in modules for d in dists.get(m, [m])} - NOT_A_DEPENDENCY


def test_the_pipeline_imports_only_declared_runtime_dependencies():
    runtime, _ = _declared()
    assert _imported("pipelines") - runtime == set()


def test_tests_and_benchmarks_import_only_declared_dependencies():
    runtime, dev = _declared()
    assert _imported("tests", "benchmarks", "scripts") - runtime - dev == set()


def test_every_runtime_dependency_is_imported_or_used_by_name():
    runtime, _ = _declared()
    assert runtime - _imported("pipelines") - USED_WITHOUT_IMPORT == set()
