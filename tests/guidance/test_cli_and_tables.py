"""`medpay tips` on a published warehouse; the tables against the price macro; the blocking check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.guidance.checks import tip_numbers_backed
from pipelines.guidance import stored
from pipelines.guidance.library import load_library
from pipelines.guidance.render import unbacked_numbers
from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.warehouse import Warehouse


def _medpay(args: list[str], warehouse: Path, *flags: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MEDPAY_WAREHOUSE": str(warehouse)}
    code = "import sys; from pipelines.cli.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, *flags, "-c", code, *args], capture_output=True, text=True, env=env, cwd=REPO_ROOT
    )


def test_cli_json_prints_the_ranked_tips_and_explanations(guidance_db: Path):
    out = _medpay(["tips", "97140", "--json"], guidance_db)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["release_id"] == "RVU25D" and answer["description"] == "Manual therapy 1/> regions"
    assert [t["id"] for t in answer["billing_tips"]][:2] == [
        "crowd.top_reason.co-97",
        "crowd.top_reason.co-59",
    ]
    assert [e["key"] for e in answer["explanations"]] == ["CO-97", "CO-59"]
    older = json.loads(_medpay(["tips", "97110", "--release", "RVU25A", "--json"], guidance_db).stdout)
    assert older["release_id"] == "RVU25A" and older["billing_tips"]


def test_cli_text_is_quick_and_errors_exit_not_found(guidance_db: Path, tmp_path: Path):
    out = _medpay(["tips", "27447"], guidance_db, "-X", "importtime")
    assert (
        out.returncode == 0
        and "150 %: $1,886.45" in out.stdout
        and "source: RVU25D 27447 BILAT SURG" in out.stdout
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines() if "|" in line}
    assert not imported & {"dagster", "great_expectations", "polars", "pandas"}
    empty = _medpay(["tips", "20560"], guidance_db)
    assert empty.returncode == 0 and "no billing tips" in empty.stdout
    # no tips is an answer of the rule library too: the JSON says which version gave it
    empty = json.loads(_medpay(["tips", "20560", "--json"], guidance_db).stdout)
    assert empty["billing_tips"] == [] and empty["rule_library_version"] == load_library().label
    missing = _medpay(["tips", "9921X"], guidance_db)
    assert missing.returncode == 3 and "no code 9921X in RVU25D" in missing.stderr
    nothing = _medpay(["tips", "99213"], tmp_path / "none.duckdb")
    assert nothing.returncode == 3 and "no published warehouse" in nothing.stderr


@pytest.mark.parametrize(
    ("code", "tip", "modifiers", "setting", "units"),
    [
        ("97110", "therapy.assistant_cq_co", ["CQ"], "nonfacility", 1),
        ("27447", "bilateral.150", ["50"], "facility", 1),
        ("27447", "cosurgery.allowed", ["62"], "facility", 1),
        ("71046", "pctc.split", ["26"], "nonfacility", 1),
        ("97110", "therapy.pe_reduction", [], "nonfacility", 2),
    ],
)
def test_tip_dollars_are_the_price_macro_amounts(conn, code, tip, modifiers, setting, units):
    amount = conn.execute(
        "select amount from price('RVU25D', ?, ?, null, null, ?, p_units := ?)",
        [code, modifiers, setting, units],
    ).fetchone()[0]
    text = conn.execute(
        "select text from code_billing_tips where release_id = 'RVU25D' and hcpcs = ? and tip_id = ?",
        [code, tip],
    ).fetchone()[0]
    assert f"${amount:,.2f}" in text


def test_every_tip_of_every_code_of_both_real_releases_is_backed(conn):
    rows = stored.tips(conn)
    assert len({(row["release_id"], row["hcpcs"]) for row, _ in rows}) > 30000
    for row, tip in rows:
        assert not unbacked_numbers(tip), (row["release_id"], row["hcpcs"], tip["id"])


def test_the_blocking_check_fails_on_a_tampered_tip(guidance_db: Path, tmp_path: Path):
    copy = tmp_path / "medpay.duckdb"
    shutil.copyfile(guidance_db, copy)
    assert tip_numbers_backed(warehouse=Warehouse(database=str(copy))).passed
    with duckdb.connect(str(copy)) as conn:
        conn.execute(
            "update code_billing_tips set text = text || ' Denials drop by 40 %.' "
            "where release_id = 'RVU25D' and hcpcs = '97110' and rank = 1"
        )
    result = tip_numbers_backed(warehouse=Warehouse(database=str(copy)))
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
    assert result.metadata["failing"].value == 1
