"""A CY2026 release end to end: `medpay run` loads the real RVU25D and the 2026 LAYOUT FIXTURE release
(tests/fixtures/rvu26: the real 2026 header lines and GPCI2026.csv, RVU25D rows; not CMS's 2026
values) through the real release job and its blocking checks; then the calendar, rvu_changes,
`medpay price` and `medpay status` on that warehouse. Runs the RVU stage only (the export of a 2026
release is tests/exports/test_release_2026.py)."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from decimal import Decimal

import dagster as dg
import duckdb
import pytest

from pipelines.cli.main import main
from pipelines.defs.rvu.assets import rvu_changes
from pipelines.defs.rvu.load import load_release
from pipelines.lib import runner
from pipelines.lib.sql import ensure_tables, load_sql
from pipelines.lib.warehouse import Warehouse, connect_published
from pipelines.ops.state import release_in_effect
from pipelines.parsing.cms_rvu import read_release
from pipelines.resources import PathsResource, resources

from .conftest import CENSUS, RVU_RAW

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, rvu26_layout):
    """`medpay run` (RVU stage) on RVU25D + the RVU26C fixture, plus the pricing objects the refresh
    installs; the env stays pointed at it."""
    root = tmp_path_factory.mktemp("rvu26")
    with pytest.MonkeyPatch.context() as mp:
        raw = root / "raw"
        (raw / "cms" / "rvu").mkdir(parents=True)
        (raw / "cms" / "rvu" / "RVU25D").symlink_to(RVU_RAW / "RVU25D", target_is_directory=True)
        rvu26_layout.build(raw / "cms" / "rvu")
        (raw / "reference" / "census").mkdir(parents=True)
        shutil.copyfile(CENSUS, raw / "reference" / "census" / CENSUS.name)  # LOCCO counties -> FIPS
        (root / "warehouse").mkdir()
        (root / "dagster_home").mkdir()
        mp.setenv("MEDPAY_RAW_DIR", str(raw))
        mp.setenv("MEDPAY_WAREHOUSE", str(root / "warehouse" / "medpay.duckdb"))
        mp.setenv("MEDPAY_EXPORT_DIR", str(root / "warehouse" / "exports"))
        mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        mp.setattr(runner, "STAGES", [s for s in runner.STAGES if s.job == "rvu_release_job"])
        code = main(["run"])
        # the payment view and the price macros come with the refresh stage, which this test leaves out:
        # install them as the refresh's `price` asset does (pipelines/pricing/install.py)
        import duckdb

        from pipelines.pricing.install import install

        with duckdb.connect(str(root / "warehouse" / "medpay.duckdb")) as conn:
            install(conn)
        yield code, PathsResource().paths  # what the CLI read from the environment


def rows(sql: str, params: dict | None = None) -> list[tuple]:
    with connect_published() as conn:
        return conn.execute(sql, params or {}).fetchall()


def cli_json(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_both_tracks_load_and_pass_every_blocking_check(loaded, capsys):
    code, _ = loaded
    assert code == 0  # a failed check fails the run (exit 4)
    found = rows("select release_id, rows_read, rows_loaded, rows_rejected, missing_tables from releases")
    assert sorted(found) == [
        ("RVU25D", 35617, 35616, 1, []),
        ("RVU26C_NONQPP", 19199, 19199, 0, ["anesthesia_cf", "locality_county", "opps_cap"]),
        ("RVU26C_QPP", 19199, 19199, 0, ["anesthesia_cf", "locality_county", "opps_cap"]),
    ]
    assert rows(
        "select release_id, conversion_factor, count(*), count(pricing_indicator) from rvu group by all order by 1"
    ) == [
        ("RVU25D", Decimal("32.3465"), 19090, 0),
        ("RVU26C_NONQPP", Decimal("33.4009"), 19090, 19090),
        ("RVU26C_QPP", Decimal("33.5675"), 19090, 19090),
    ]
    assert rows("select distinct release_id, work_gpci from gpci where mac = '10112' order by 1") == [
        ("RVU25D", Decimal("1.000")),
        ("RVU26C_NONQPP", Decimal("1.000")),
        ("RVU26C_QPP", Decimal("1.000")),
    ]
    assert rows("select year, quarter_letter, released_on::varchar from releases where release_id = $r", {
        "r": "RVU26C_QPP"
    }) == [(2026, "C", "2026-06-30")]  # fmt: skip


def test_the_calendar_picks_the_track_in_effect_by_date(loaded):
    with connect_published() as conn:
        assert release_in_effect(conn, date(2026, 8, 1))[0] == "RVU26C_NONQPP"  # non-QPP by default
        assert release_in_effect(conn, date(2026, 8, 1), "QPP")[0] == "RVU26C_QPP"
        assert release_in_effect(conn, date(2025, 11, 1), "QPP")[0] == "RVU25D"  # serves both tracks
        assert release_in_effect(conn, date(2026, 3, 1)) is None  # RVU25D never governs 2026
        calendar = conn.execute(
            "select track, release_id, previous_release, effective_to::varchar from release_calendar "
            "order by track, effective_from"
        ).fetchall()
    assert calendar == [
        ("NONQPP", "RVU25D", None, "2026-01-01"),
        ("NONQPP", "RVU26C_NONQPP", "RVU25D", "2027-01-01"),
        ("QPP", "RVU25D", None, "2026-01-01"),
        ("QPP", "RVU26C_QPP", "RVU25D", "2027-01-01"),
    ]


def test_price_a_2026_release_with_its_gpcis_and_cf(loaded, capsys):
    # 99213 global row (RVU25D RVUs in the fixture): work 1.30, PE 1.35, MP 0.10; Alabama 10112-00
    # GPCI2026: 1.000 / 0.875 / 0.566 (GPCI2025: 1.000 / 0.869 / 0.575)
    rvus = (
        Decimal("1.30") * Decimal("1.000")
        + Decimal("1.35") * Decimal("0.875")
        + Decimal("0.10") * Decimal("0.566")
    )
    for release_id, cf in (("RVU26C_NONQPP", "33.4009"), ("RVU26C_QPP", "33.5675")):
        quote = cli_json(capsys, "price", "99213", "--locality", "10112-00", "--release", release_id)
        assert quote["release_id"] == quote["gpci_release_id"] == release_id
        assert quote["gpci"] == {"work": 1.0, "pe": 0.875, "mp": 0.566}
        assert quote["conversion_factor"] == float(cf)
        assert quote["amount"] == float((rvus * Decimal(cf)).quantize(Decimal("0.01")))
    by_date = cli_json(capsys, "price", "99213", "--locality", "10112-00", "--date", "2026-08-01")
    assert by_date["release_id"] == "RVU26C_NONQPP" and by_date["amount"] == 84.77
    old = cli_json(capsys, "price", "99213", "--locality", "10112-00", "--date", "2025-11-01")
    assert old["release_id"] == "RVU25D" and old["gpci"]["pe"] == 0.869


def test_price_by_date_on_the_qpp_track(loaded, capsys):
    qpp = cli_json(
        capsys, "price", "99213", "--locality", "10112-00", "--date", "2026-08-01", "--track", "qpp"
    )
    assert qpp["release_id"] == "RVU26C_QPP" and qpp["conversion_factor"] == 33.5675
    assert qpp["notes"][0] == "date of service 2026-08-01: release RVU26C_QPP (in effect from 2026-07-01)"
    # RVU25D (before 2026) serves both tracks; the latest QPP release without a date is RVU26C_QPP
    old = cli_json(capsys, "price", "99213", "--date", "2025-11-01", "--track", "QPP")
    assert old["release_id"] == "RVU25D"
    assert cli_json(capsys, "price", "99213", "--track", "QPP")["release_id"] == "RVU26C_QPP"
    assert (
        cli_json(capsys, "price", "99213", "--release", "RVU25D", "--track", "QPP")["release_id"] == "RVU25D"
    )
    # a 2026 release id without its track means the --track file (NONQPP by default)
    assert cli_json(capsys, "price", "99213", "--release", "rvu26c")["release_id"] == "RVU26C_NONQPP"
    assert cli_json(capsys, "price", "99213", "--release", "RVU26C", "--track", "QPP")["amount"] == 92.31
    capsys.readouterr()
    assert main(["price", "99213", "--date", "2026-08-01", "--track", "MIPS", "--json"]) == 2
    assert "--track 'MIPS' is not a PPRRVU track" in capsys.readouterr().err
    assert main(["price", "99213", "--release", "RVU26C_NONQPP", "--track", "QPP", "--json"]) == 2
    assert "--release RVU26C_NONQPP is not on the QPP track" in capsys.readouterr().err


def test_rvu_changes_compare_within_a_track(loaded):
    with dg.instance_for_test() as instance:
        assert dg.materialize(
            [rvu_changes], instance=instance, resources=resources(warehouse=Warehouse())
        ).success
    found = rows(
        "select from_release, to_release, change_type, field, old_value, new_value, count(*) "
        "from rvu_changes group by all order by all"
    )
    # the fixture's rows are RVU25D's: only the CF changes, per track; PRIC IND (not in 2025) is no change
    assert found == [
        ("RVU25D", "RVU26C_NONQPP", "changed", "conversion_factor", "32.3465", "33.4009", 19090),
        ("RVU25D", "RVU26C_QPP", "changed", "conversion_factor", "32.3465", "33.5675", 19090),
    ]


def test_status_stops_warning_once_a_2026_release_is_in_effect(loaded, capsys):
    status = cli_json(capsys, "status", "--today", "2026-08-01")
    rvu = next(f for f in status["freshness"] if f["source"] == "rvu")
    assert (rvu["current"], rvu["expected"], rvu["stale"]) == ("RVU26C_NONQPP", "RVU26C", False)
    capsys.readouterr()
    assert main(["status", "--today", "2026-08-01"]) == 0
    assert "warning: rvu" not in capsys.readouterr().out
    # in December RVU26C still governs, and status names what is missing (not "no release in effect")
    december = cli_json(capsys, "status", "--today", "2026-12-04")
    rvu = next(f for f in december["freshness"] if f["source"] == "rvu")
    assert (
        rvu["stale"]
        and rvu["current"] == "RVU26C_NONQPP"
        and "RVU26D took effect 2026-10-01" in rvu["message"]
    )


def test_a_warehouse_from_before_the_2026_layout_is_migrated_and_loads_it(tmp_path, rvu26_layout):
    """An rvu table created without pricing_indicator / extra_columns gains them (null on old rows)."""
    ddl = load_sql("tables/rvu")
    before = (
        ddl[: ddl.index("    -- Added with the CY2026 layout")]
        + "    primary key (release_id, hcpcs, modifier)\n);"
    )
    parsed = read_release(rvu26_layout.build(tmp_path / "raw", keep={"99213", "00100"}), "RVU26C_NONQPP")
    with duckdb.connect(str(tmp_path / "old.duckdb")) as conn:
        conn.execute(before)
        assert "pricing_indicator" not in {r[0] for r in conn.execute("describe rvu").fetchall()}
        ensure_tables(conn, "rvu")
        load_release(conn, parsed, landing_sha256="x", loaded_at=datetime(2026, 12, 4))
        assert conn.execute(
            "select hcpcs, pricing_indicator, extra_columns from rvu order by 1"
        ).fetchall() == [
            ("00100", "9", None),
            ("99213", "9", None),
        ]


def test_the_catalogue_lists_every_2026_release():
    from pipelines.lib.paths import REPO_ROOT
    from pipelines.ops.catalogue import catalogued_effective_from, load_catalogue, uncatalogued

    catalogue = load_catalogue(REPO_ROOT / "raw" / "cms" / "releases.toml")
    rvu26 = {
        r.id: r.effective_from for r in catalogue.values() if r.kind == "rvu" and r.id.startswith("RVU26")
    }
    assert rvu26 == {
        "RVU26A": date(2026, 1, 1),
        "RVU26B": date(2026, 4, 1),
        "RVU26C": date(2026, 7, 1),
        "RVU26D": date(2026, 10, 1),
    }
    # a loaded track takes its release's catalogue date; nothing 2026 expects is missing from it
    assert catalogued_effective_from("RVU26C_QPP", catalogue) == date(2026, 7, 1)
    assert uncatalogued(catalogue, date(2026, 11, 1)) == []
