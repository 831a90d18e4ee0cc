"""The code location as a whole: loadable, the agreed groups, the exact asset keys, jobs, sensors, schedules."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import defs

GROUPS = {"reference", "cms_rvu", "ncci", "reports", "analytics", "marts", "guidance", "exports"}
EXACT = {
    "reference": {"census_counties", "usps_states", "x12_codes", "zip_locality"},
    "cms_rvu": {"rvu", "gpci", "locality_county", "anesthesia_cf", "opps_cap", "releases"},
    "ncci": {"ncci_ptp", "ncci_mue"},
    "reports": {"reports", "report_carc", "report_rarc", "report_themes", "intake_files", "intake_outcomes", "quarantine"},
    "analytics": {
        "rvu_changes",
        "payment",
        "price",
        "code_payment_summary",
        "release_calendar",
        "data_freshness",
    },
    "marts": {
        "code_denial_stats",
        "code_denial_reasons",
        "code_denial_reason_combinations",
        "code_denial_breakdowns",
        "code_denial_appeals",
        "code_denial_trend",
        "code_denial_near_duplicates",
        "code_denial_contributors",
        "code_denial_months",
        "code_denial_fingerprints",
        "code_denial_profile",
    },
    "guidance": {"code_billing_tips", "code_denial_explanations"},
    "exports": {"code_pages"},
}
JOBS = {
    "reference_job",
    "rvu_release_job",
    "ncci_quarter_job",
    "report_intake_job",
    "refresh_job",
    "cms_download_job",
}
SENSORS = {
    "rvu_release_landing",
    "ncci_landing_sensor",
    "report_files_sensor",
    "refresh_after_load",
    "run_failure_alert",
}
SCHEDULES = {"cms_quarterly_refresh", "cms_weekly_catchup"}


def _graph():
    dg.Definitions.validate_loadable(defs)
    return defs.resolve_asset_graph()


def test_groups_and_exact_asset_keys():
    graph = _graph()
    groups: dict[str, set[str]] = {}
    for key in graph.get_all_asset_keys():
        groups.setdefault(graph.get(key).group_name, set()).add(key.to_user_string())
    assert set(groups) == GROUPS
    for group, keys in EXACT.items():
        assert groups[group] == keys, group


def test_every_asset_is_described_and_none_automates_itself():
    """Docstring = UI description; one refresh mechanism (refresh_after_load, ADR 0002), so no asset
    carries its own automation condition (it would add a stray default_automation_condition_sensor)."""
    graph = _graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert (node.description or "").strip(), key.to_user_string()
        assert node.automation_condition is None, key.to_user_string()
    sensors = {s.name for s in defs.get_repository_def().sensor_defs}
    assert "default_automation_condition_sensor" not in sensors


def test_jobs_sensors_schedules_and_partitions():
    repo = defs.get_repository_def()
    assert {j.name for j in repo.get_all_jobs()} - {"__ASSET_JOB"} == JOBS
    assert {s.name for s in repo.sensor_defs} == SENSORS
    assert {s.name for s in repo.schedule_defs} == SCHEDULES
    graph = _graph()
    partitions = {
        graph.get(key).partitions_def.name
        for key in graph.get_all_asset_keys()
        if graph.get(key).partitions_def is not None
    }
    assert partitions == {"rvu_release", "ncci_quarter", "report_file"}


CHECKS = {
    "anesthesia_cf": {"anesthesia_cf_expectations"},
    "census_counties": {"census_counties_expectations"},
    "code_billing_tips": {"tip_numbers_backed"},
    "code_denial_profile": {"profile_privacy_rules"},
    "code_pages": {"export_matches_contract", "export_privacy_gate"},
    "data_freshness": {"data_is_current"},
    "gpci": {"gpci_expectations"},
    "intake_files": {"intake_counts_reconcile"},
    "locality_county": {"locality_county_expectations"},
    "ncci_mue": {"ncci_mue_expectations"},
    "ncci_ptp": {"ncci_ptp_expectations"},
    "opps_cap": {"opps_cap_expectations"},
    "payment": {"payment_matches_cms_amounts"},
    "releases": {"releases_rows_reconcile"},
    "reports": {"reports_suite", "reports_exactly_once"},
    "rvu": {"rvu_expectations", "rvu_row_count_change"},
    "usps_states": {"usps_states_expectations"},
    "x12_codes": {"x12_codes_expectations"},
    "zip_locality": {"zip_locality_expectations"},
}
WARN_ONLY = {"data_is_current"}  # staleness warns; it must not block a refresh


def test_exact_checks_and_all_but_freshness_block():
    graph = _graph()
    found: dict[str, set[str]] = {}
    for key in graph.asset_check_keys:
        found.setdefault(key.asset_key.to_user_string(), set()).add(key.name)
        assert graph.get_check_spec(key).blocking == (key.name not in WARN_ONLY), key
    assert found == CHECKS


def test_the_code_location_loads_as_dagster_dev_loads_it():
    """`dagster definitions validate` loads pipelines.definitions the way `dagster dev` does (e.g. it
    refuses a module with two Definitions objects at module scope, which validate_loadable accepts)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    dagster = Path(sys.executable).with_name("dagster")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "DAGSTER_HOME": str(root), "MEDPAY_DAGSTER_STORAGE": str(root / ".dagster")}
    result = subprocess.run(
        [str(dagster), "definitions", "validate", "-m", "pipelines.definitions"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
