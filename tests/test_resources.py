"""The configuration resources: bound once in the definitions, explicit values over the environment,
the environment over the documented defaults; the Dagster instance needs MEDPAY_DAGSTER_STORAGE."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipelines.definitions import defs
from pipelines.lib.paths import REPO_ROOT
from pipelines.resources import (
    AlertsResource,
    FreshnessResource,
    InputLimitsResource,
    IntakeResource,
    PathsResource,
    RetentionResource,
    SuppressionResource,
    resources,
)

KEYS = {"paths", "input_limits", "retention", "suppression", "freshness", "alerts", "intake"}


def test_the_definitions_bind_every_configuration_resource_once() -> None:
    assert KEYS | {"warehouse"} == set(defs.resources)
    assert set(resources()) == KEYS
    for key, resource in resources().items():
        assert type(defs.resources[key]) is type(resource), key


def test_an_unset_setting_takes_its_variable_else_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("MEDPAY_RAW_DIR", "MEDPAY_MIN_CELL", "MEDPAY_MAX_ZIP_RATIO", "MEDPAY_ALERT_WEBHOOK"):
        monkeypatch.delenv(variable, raising=False)
    assert PathsResource().paths.raw_dir == REPO_ROOT / "raw"
    assert SuppressionResource().rules().min_cell == 5
    assert InputLimitsResource().limits.zip_ratio == 100
    assert AlertsResource().webhook_url is None and AlertsResource().ui == "http://127.0.0.1:3000"
    monkeypatch.setenv("MEDPAY_RAW_DIR", "/srv/medpay/raw")
    monkeypatch.setenv("MEDPAY_MIN_CELL", "11")
    monkeypatch.setenv("MEDPAY_MIN_REPORTS", "11")
    monkeypatch.setenv("MEDPAY_MAX_ZIP_RATIO", "20")
    monkeypatch.setenv("MEDPAY_ALERT_WEBHOOK", "https://hooks.example.org/medpay")
    # read when used: the objects the definitions bound at import see the run's environment
    assert defs.resources["paths"].paths.raw_dir.as_posix() == "/srv/medpay/raw"
    assert defs.resources["suppression"].rules().min_cell == 11
    assert defs.resources["input_limits"].limits.zip_ratio == 20
    assert defs.resources["alerts"].webhook_url == "https://hooks.example.org/medpay"
    # an explicit value wins over the variable; run config overrides win over both
    assert PathsResource(raw_dir="/data/raw").paths.raw_dir.as_posix() == "/data/raw"
    assert SuppressionResource(min_cell=7, min_reports=7).rules().min_cell == 7
    assert SuppressionResource().rules(min_cell=9, min_reports=12).min_cell == 9


def test_settings_parse_like_their_variables() -> None:
    assert RetentionResource(phi_retention_days="never", text_retention_days="3").policy.phi_days is None
    assert RetentionResource(text_retention_days="3").policy.text_days == 3
    assert FreshnessResource(rvu_grace_days=3).settings.rvu_grace_days == 3
    assert IntakeResource(workers=2, redacted_text_days="never").options() == {
        "workers": 2,
        "batch_size": None,
        "memory_limit": "256MB",
        "redacted_text_days": None,
    }
    with pytest.raises(ValueError, match="MEDPAY_MAX_REPORT_LINE_BYTES"):
        _ = InputLimitsResource(report_line_bytes="a lot").limits


def test_the_instance_needs_its_storage_variable_and_names_it(tmp_path) -> None:
    """dagster.yaml reads MEDPAY_DAGSTER_STORAGE with Dagster's own `env:` (no default): unset, the
    instance refuses to load and names it; set, everything lives under it."""
    probe = "import dagster as dg\nwith dg.DagsterInstance.get() as i: print(i.root_directory)"
    env = {k: v for k, v in os.environ.items() if k != "MEDPAY_DAGSTER_STORAGE"}
    env["DAGSTER_HOME"] = str(REPO_ROOT)
    unset = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert unset.returncode != 0 and "MEDPAY_DAGSTER_STORAGE" in unset.stderr
    env["MEDPAY_DAGSTER_STORAGE"] = str(tmp_path / "dagster")
    ok = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert ok.stdout.strip() == str(tmp_path / "dagster")
