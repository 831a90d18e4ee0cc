"""Release-level fetch into a tmp raw/: what lands, what is left after each failure, the warehouse untouched."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipelines.defs.rvu import landing
from pipelines.lib.sql import ensure_tables
from pipelines.ops.catalogue import load_catalogue
from pipelines.ops.download import Policy, sha256_file
from pipelines.ops.refresh import fetch_release, landed_ids, missing_releases, plan

FAST = Policy(read_timeout_s=0.3, retries=1, backoff_s=0.0, deadline_s=30.0)


@pytest.fixture
def published(medpay_paths):
    """A published warehouse holding one loaded release (RVU25A); returns its SHA-256."""
    with duckdb.connect(str(medpay_paths.warehouse)) as conn:
        ensure_tables(conn, "releases")
        conn.execute(
            "insert into releases values ('RVU25A', 2025, 'A', false, null, date '2025-01-01', 'RVU25A', "
            "'raw/cms/rvu/RVU25A', 'x', '[]', [], '{}', 1, 1, 0, now())"
        )
    return sha256_file(medpay_paths.warehouse)


def _raw_files(paths):
    return sorted(p.relative_to(paths.raw_dir).as_posix() for p in paths.raw_dir.rglob("*") if p.is_file())


def test_missing_release_lands_and_the_rvu_landing_scan_sees_it(
    server, medpay_paths, published, make_catalogue
):
    catalogue = load_catalogue(make_catalogue(server.url, server.sha256))
    found = plan(medpay_paths, catalogue, date(2025, 10, 20))
    assert [r.id for r in found.missing] == ["2025Q4", "RVU25D"] and found.loaded == {"RVU25A"}
    outcome = fetch_release(catalogue["RVU25D"], medpay_paths, policy=FAST)
    assert outcome.status == "downloaded" and not outcome.unverified
    assert [(x.release_ids, x.path.name) for x in landing.scan(medpay_paths.rvu_dir)] == [
        (("RVU25D",), "rvu25d.zip")
    ]
    assert "RVU25D" in landed_ids(medpay_paths)
    assert [r.id for r in missing_releases(catalogue, medpay_paths, {"RVU25A"})] == ["2025Q4"]
    assert sha256_file(medpay_paths.warehouse) == published  # downloading never touches the warehouse


@pytest.mark.parametrize(
    ("route", "sha", "kind"),
    [
        ("gone/", None, "not_found"),
        ("drop/", None, None),
        ("", "0" * 64, "checksum"),
        ("slow/", None, "timeout"),
    ],
)
def test_each_failure_leaves_raw_and_warehouse_good(
    server, medpay_paths, published, make_catalogue, route, sha, kind
):
    catalogue = load_catalogue(make_catalogue(server.url, sha or server.sha256, route))
    outcome = fetch_release(catalogue["RVU25D"], medpay_paths, policy=FAST)
    if kind is None:  # a dropped connection is retried with Range and succeeds
        assert outcome.status == "downloaded" and sha256_file(outcome.landing) == server.sha256
        return
    assert outcome.status == "failed" and outcome.error_kind == kind, outcome.error
    assert landing.scan(medpay_paths.rvu_dir) == []  # nothing a landing sensor would pick up
    assert all(name.split("/")[-1].startswith(".") for name in _raw_files(medpay_paths))
    assert sha256_file(medpay_paths.warehouse) == published


def test_folder_release_appears_whole_or_not_at_all(server, medpay_paths, make_catalogue):
    catalogue = load_catalogue(make_catalogue(server.url))
    del server.files["part-f2.zip"]  # the second file is missing upstream
    failed = fetch_release(catalogue["2025Q4"], medpay_paths, policy=FAST)
    assert failed.status == "failed" and failed.error_kind == "not_found"
    assert _raw_files(medpay_paths) == [] and "2025Q4" not in landed_ids(medpay_paths)
    server.files["part-f2.zip"] = server.files["part-f1.zip"]
    done = fetch_release(catalogue["2025Q4"], medpay_paths, policy=FAST)
    assert done.status == "downloaded" and done.unverified == ["ccipra-v313r0-f1.zip", "ccipra-v313r0-f2.zip"]
    assert _raw_files(medpay_paths) == [
        "cms/ncci/2025Q4/ccipra-v313r0-f1.zip",
        "cms/ncci/2025Q4/ccipra-v313r0-f2.zip",
    ]
    assert "2025Q4" in landed_ids(medpay_paths)
    assert fetch_release(catalogue["2025Q4"], medpay_paths).status == "present"
