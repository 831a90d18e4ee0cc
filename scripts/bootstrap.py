#!/usr/bin/env python3
"""Set up the project and run it: the README's two commands.

    python3 scripts/bootstrap.py run    # virtualenv + install + `medpay run` on the sample data in raw/
    python3 scripts/bootstrap.py test   # virtualenv + install + pytest, ruff and sqlfluff, then the
                                        # DuckLake backend's tests in .venv-ducklake (DuckDB 1.4.4)

Only the standard library is used here, so it works on a fresh machine with Python 3.11. Both
commands are idempotent: the install step reruns only when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
# The DuckLake backend's extensions are built for DuckDB 1.4.4 (the extra pins it): its own virtualenv.
LAKE_VENV = ROOT / ".venv-ducklake"
LAKE_BIN = LAKE_VENV / ("Scripts" if os.name == "nt" else "bin")
# The tests that run again on the DuckLake backend (tests/conftest.py reads MEDPAY_TEST_BACKEND): the
# backend seam itself, the sample `medpay run` and its export, kills at random moments, analysts
# during a refresh.
LAKE_TESTS = [
    "tests/test_backends.py",
    "tests/test_warehouse.py",
    "tests/exports/test_sample_run.py",
    "tests/exports/test_readonly_refresh.py",
    "tests/exports/test_publishing.py",
    "tests/reports/test_crash.py",
]


def _step(message: str) -> None:
    print(f"==> {message}", flush=True)


def ensure_env(venv_dir: Path = VENV, extras: str = "dev") -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under whatever python3 the machine has
        sys.exit(f"Python 3.11+ is required (this is {sys.version.split()[0]})")
    bin_dir = venv_dir / ("Scripts" if os.name == "nt" else "bin")
    stamp = venv_dir / ".medpay-install-stamp"
    if not (bin_dir / "python").exists():
        _step(f"creating virtualenv {venv_dir}")
        venv.EnvBuilder(with_pip=True, clear=venv_dir.exists()).create(venv_dir)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == digest:
        return
    _step(
        f"installing medpay[{extras}] and its dependencies into {venv_dir.name} (first time: about a minute)"
    )
    pip = [str(bin_dir / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True, cwd=ROOT)
    subprocess.run([*pip, "install", "-e", f".[{extras}]"], check=True, cwd=ROOT)
    stamp.write_text(digest)


BROWSER_PACKAGES = ("chromium", "chromium-driver")  # Debian's packages: the preview tests drive them


def ensure_browser() -> None:
    """Find headless Chromium and its driver for the preview tests, installing Debian's packages when
    they are missing and this is a root shell with apt-get; otherwise stop with how to install them."""
    if shutil.which("chromium") and shutil.which("chromedriver"):
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        _step(f"installing {' '.join(BROWSER_PACKAGES)} (Debian packages) for the preview tests")
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "-qq", "update"], check=True, env=quiet, stdout=subprocess.DEVNULL)
        subprocess.run([apt, "install", "-y", "-qq", *BROWSER_PACKAGES], check=True, env=quiet,
                       stdout=subprocess.DEVNULL)
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        sys.exit(
            "the preview tests need headless Chromium and its driver: "
            f"`sudo apt-get install {' '.join(BROWSER_PACKAGES)}` (Debian/Ubuntu), then run this again"
        )


def _env(bin_dir: Path = BIN) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DAGSTER_HOME", str(ROOT))
    env.setdefault("MEDPAY_DAGSTER_STORAGE", str(ROOT / ".dagster"))  # dagster.yaml's `env:` (no default)
    env.setdefault("GX_ANALYTICS_ENABLED", "false")
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def run(args: list[str]) -> int:
    ensure_env()
    _step("running the main job on the sample data in raw/")
    return subprocess.run([str(BIN / "medpay"), "run", *args], cwd=ROOT, env=_env()).returncode


PYTEST_NO_TESTS = 5  # pytest's exit code when it collected or selected no test


def pytest_command(args: list[str], python: Path = BIN / "python") -> list[str]:
    """The whole suite, every marker (``-m ""`` overrides any marker filter in addopts; ``slow`` tests
    run here too); extra ``args`` come after it, so ``test -m "not slow"`` still narrows on purpose."""
    return [str(python), "-m", "pytest", "-m", "", *args]


def step_failed(name: str, returncode: int) -> bool:
    """Any non-zero exit fails CI, pytest's 5 (no tests ran) included: an empty run never passes."""
    if name == "pytest" and returncode == PYTEST_NO_TESTS:
        print("pytest ran no tests (exit code 5): that is a failure, not a pass", flush=True)
    return returncode != 0


def test(args: list[str]) -> int:
    ensure_env()
    ensure_browser()
    env = _env()
    failures = []
    for name, cmd in (
        ("ruff", [str(BIN / "ruff"), "check", "."]),
        ("sqlfluff", [str(BIN / "sqlfluff"), "lint", "sql", "--processes", "2", "--disable-progress-bar"]),
        ("pytest", pytest_command(args)),
    ):
        _step(name)
        if step_failed(name, subprocess.run(cmd, cwd=ROOT, env=env).returncode):
            failures.append(name)
    ensure_env(LAKE_VENV, "dev,ducklake")
    _step("pytest on the DuckLake backend (.venv-ducklake, DuckDB 1.4.4)")
    lake_env = _env(LAKE_BIN) | {"MEDPAY_TEST_BACKEND": "ducklake"}
    lake = subprocess.run(pytest_command(LAKE_TESTS, LAKE_BIN / "python"), cwd=ROOT, env=lake_env)
    if step_failed("pytest", lake.returncode):
        failures.append("pytest (DuckLake backend)")
    if failures:
        print(f"FAILED: {', '.join(failures)}", flush=True)
        return 1
    print("all checks passed: pytest, ruff, sqlfluff, pytest on the DuckLake backend", flush=True)
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "setup"}:
        print(__doc__)
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "setup":
        ensure_env()
        return 0
    return run(rest) if command == "run" else test(rest)


if __name__ == "__main__":
    sys.exit(main())
