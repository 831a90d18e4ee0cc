"""`python3 scripts/bootstrap.py test` (what CI runs) runs the whole suite, `slow` tests included, and an
empty pytest run (exit code 5) fails it instead of passing silently."""

from __future__ import annotations

import importlib.util
import os
import subprocess

from pipelines.lib.paths import REPO_ROOT

SCALE = "tests/reports/test_scale.py"  # marked slow: two tests


def _bootstrap():
    spec = importlib.util.spec_from_file_location("bootstrap", REPO_ROOT / "scripts" / "bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _collect(command: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_ci_pytest_command_selects_slow_tests_and_fails_on_an_empty_run():
    bootstrap = _bootstrap()
    everything = _collect(bootstrap.pytest_command(["--collect-only", "-p", "no:cacheprovider", SCALE]))
    assert everything.returncode == 0, everything.stdout + everything.stderr
    assert "2 tests collected" in everything.stdout, everything.stdout
    assert not bootstrap.step_failed("pytest", everything.returncode)

    nothing = _collect(bootstrap.pytest_command(["-p", "no:cacheprovider", "-m", "not slow", SCALE]))
    assert nothing.returncode == bootstrap.PYTEST_NO_TESTS == 5, nothing.stdout + nothing.stderr
    assert bootstrap.step_failed("pytest", nothing.returncode)
    assert bootstrap.step_failed("ruff", 1) and not bootstrap.step_failed("ruff", 0)
