"""Dagster instance storage that lives under one directory, whatever the working directory.

dagster.yaml (at the repository root = DAGSTER_HOME) names these classes. Their base directory is
``$MEDPAY_DAGSTER_STORAGE``, else ``.dagster/`` under MEDPAY_HOME (the repository root): the same
for `dagster dev`, the daemon and the `medpay` CLI. Dagster's own config can read an env var but
has no default for it, hence these thin subclasses.
"""

from __future__ import annotations

import os
from pathlib import Path

from dagster._config import Field, StringSource
from dagster._core.storage.local_compute_log_manager import LocalComputeLogManager
from dagster._core.storage.root import LocalArtifactStorage
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage

from pipelines.lib.paths import resolve

_OPTIONAL_DIR = {"base_dir": Field(StringSource, is_required=False)}


def storage_dir() -> Path:
    """$MEDPAY_DAGSTER_STORAGE (relative to MEDPAY_HOME / the repo root), default .dagster/."""
    return resolve(os.environ.get("MEDPAY_DAGSTER_STORAGE") or ".dagster")


def _base(config_value: dict, sub: str) -> str:
    return str(resolve(config_value["base_dir"]) if config_value.get("base_dir") else storage_dir() / sub)


class MedpayStorage(DagsterSqliteStorage):
    """Runs, event logs and schedule state (SQLite) under storage_dir()/history, /schedules."""

    @classmethod
    def config_type(cls):
        return _OPTIONAL_DIR

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls.from_local(base_dir=_base(config_value, ""), inst_data=inst_data)


class MedpayArtifactStorage(LocalArtifactStorage):
    """Local artifacts (run files) under storage_dir()."""

    @classmethod
    def config_type(cls):
        return _OPTIONAL_DIR

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(base_dir=_base(config_value, ""), inst_data=inst_data)


class MedpayComputeLogs(LocalComputeLogManager):
    """Step stdout/stderr under storage_dir()/logs."""

    @classmethod
    def config_type(cls):
        return {**_OPTIONAL_DIR, "polling_timeout": Field(float, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        extra = (
            {"polling_timeout": config_value["polling_timeout"]} if "polling_timeout" in config_value else {}
        )
        return cls(base_dir=_base(config_value, "logs"), inst_data=inst_data, **extra)
