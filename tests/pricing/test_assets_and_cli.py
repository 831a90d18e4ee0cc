"""The pricing assets on a real warehouse copy, and `medpay price` as a user runs it (subprocess)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.pricing.assets import code_payment_summary, payment, price_macro
from pipelines.defs.pricing.checks import payment_matches_cms_amounts
from pipelines.lib.warehouse import Warehouse
from pipelines.pricing.model import PricingError
from pipelines.pricing.quote import quote

REPO = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def published(pricing_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse refreshed by the pricing assets (and their blocking check)."""
    path = tmp_path_factory.mktemp("published") / "medpay.duckdb"
    shutil.copyfile(pricing_db, path)
    result = dg.materialize(
        [payment, price_macro, code_payment_summary],
        resources={"warehouse": Warehouse(database=str(path))},
    )
    assert result.success
    check = dg.materialize(
        [payment, payment_matches_cms_amounts], resources={"warehouse": Warehouse(database=str(path))}
    )
    evaluations = check.get_asset_check_evaluations()
    assert evaluations and all(e.passed for e in evaluations)
    return path


NA_FACILITY = "; the facility setting is flagged NA (rarely or never performed there); CMS's payment files still price it"
# (code, modifiers, MAC-LOC or None = national, setting, amount, reason): what the Python engine answered
# before the rules moved to SQL (commit 2da0383), pinned; the NA row (71046 facility) is priced and
# flagged since issue 12.
MACRO_CASES = [
    ("27447", ["50", "51"], None, "facility", "943.22", "priced: bilateral (-50), multiple procedure (-51)"),
    ("27447", ["AS"], "10112-00", "facility", "154.78", "priced: assistant at surgery (-AS)"),
    ("27447", ["54"], "01182-18", "facility", "1058.89", "priced: split global (-54)"),
    ("77046", ["51"], "02102-01", "nonfacility", "162.32", "priced: multiple procedure: diagnostic imaging"),
    ("93975", ["TC", "51"], None, "nonfacility", "150.17", "priced: multiple procedure: diagnostic cardiovascular"),
    ("97110", ["CQ", "GP", "51"], "10112-00", "nonfacility", "17.67", "priced: therapy MPPR, therapy assistant (-CQ)"),
    ("71046", ["26"], "10112-00", "nonfacility", "9.55", "priced: fee schedule amount"),
    ("71046", ["tc", " 51 ", "TC"], None, "nonfacility", "22.64", "priced: fee schedule amount"),  # normalised
    ("99213", ["62"], None, "nonfacility", None, "refused: modifier 62 is not allowed on 99213: CO-SURG indicator 0: co-surgeons not permitted; drop the modifier"),
    ("99213", ["QZ"], None, "nonfacility", None, "refused: modifier QZ is not one the calculator prices; supported modifiers: 26 TC 53 50 51 62 66 80 81 82 AS 54 55 56 CQ CO GP GO GN"),
    ("27447", ["50", "QZ", "XY"], "10112-00", "facility", None, "refused: modifier QZ, XY is not one the calculator prices; supported modifiers: 26 TC 53 50 51 62 66 80 81 82 AS 54 55 56 CQ CO GP GO GN"),
    ("99213", ["26"], None, "nonfacility", None, "refused: modifier 26 is not allowed on 99213: PC/TC indicator 0 does not allow it; drop the modifier"),
    ("99213", ["TC"], "10112-00", "facility", None, "refused: modifier TC is not allowed on 99213: PC/TC indicator 0 does not allow it; drop the modifier"),
    ("80506", ["26"], None, "nonfacility", None, "refused: modifier 26 is not allowed on 80506: the fee schedule file has no 26 row for it (PC/TC indicator 1); drop the modifier"),
    ("83020", ["TC"], None, "nonfacility", None, "not priced on the fee schedule: statutory exclusion"),
    ("71046", ["26", "TC"], None, "nonfacility", None, "refused: modifiers 26 and TC cannot be billed together; use one of them, or neither"),
    ("27447", ["80", "81"], None, "facility", None, "refused: assistant-at-surgery modifiers cannot be combined: 80 + 81; keep one of them"),
    ("27447", ["62", "AS"], None, "facility", None, "refused: surgeon-role modifiers 62/66/80/81/82/AS cannot be combined: 62 + AS; keep one of them"),
    ("97110", ["CQ", "CO"], None, "nonfacility", None, "refused: CQ and CO cannot be combined: CQ + CO; keep one of them"),
    ("99213", ["55"], None, "nonfacility", None, "refused: modifier 55 is not allowed on 99213: global period XXX: split care applies to 010 and 090 day globals; drop the modifier"),
    ("97546", ["QZ"], None, "nonfacility", None, "refused: modifier QZ is not one the calculator prices; supported modifiers: 26 TC 53 50 51 62 66 80 81 82 AS 54 55 56 CQ CO GP GO GN"),
    ("71046", [], None, "facility", "32.67", "priced: fee schedule amount" + NA_FACILITY),  # NA: priced, flagged
    ("27447", ["66"], None, "facility", None, "refused: modifier 66 is not allowed on 27447: TEAM SURG indicator 0: team surgery not permitted; drop the modifier"),
    ("45378", ["53"], None, "facility", "88.95", "priced: fee schedule amount"),
    ("27447", ["53"], None, "facility", None, "contractor priced: -53 has its own RVUs only for 44388, 45378, G0105, G0121 [RVU25D]"),
]  # fmt: skip


def _cli_path(conn, code: str, mods: list[str], loc: str | None, setting: str) -> tuple:
    """(amount, reason) as `medpay price` gets it; a refusal reads as the macro words it: message; hint."""
    try:
        price = quote(conn, code, tuple(mods), locality=loc, setting=setting, release_id="RVU25D")
    except PricingError as error:
        return None, f"refused: {error.message}" + (f"; {error.hint}" if error.hint else "")
    return price.amount, price.reason


def test_sql_macro_answers_as_the_engine_did(published: Path):
    conn = duckdb.connect(str(published), read_only=True)
    for code, mods, loc, setting, expected, expected_reason in MACRO_CASES:
        mac, locality = loc.split("-") if loc else (None, None)
        rows = conn.execute(
            "select amount, reason, fee_schedule_amount from price('RVU25D', ?, ?, ?, ?, ?)",
            [code, mods, mac, locality, setting],
        ).fetchall()
        assert len(rows) == 1, (code, mods)
        amount, reason, fee = rows[0]
        assert amount == (None if expected is None else Decimal(expected)), (code, mods, loc, setting)
        assert reason == expected_reason, (code, mods)
        assert _cli_path(conn, code, mods, loc, setting) == (amount, reason), (code, mods)
        if reason.startswith("refused"):
            assert fee is None
    assert (
        conn.execute("select count(*) from price('RVU25D', '9921X', [], null, null, 'facility')").fetchone()[
            0
        ]
        == 0
    )


def test_sql_macro_refusals_say_what_is_valid(published: Path):
    conn = duckdb.connect(str(published), read_only=True)

    def reason(code: str, mods: list[str]) -> str:
        sql = "select reason from price('RVU25D', ?, ?, null, null, 'nonfacility')"
        return conn.execute(sql, [code, mods]).fetchone()[0]

    assert reason("99213", ["QZ"]) == (
        "refused: modifier QZ is not one the calculator prices; supported modifiers: "
        "26 TC 53 50 51 62 66 80 81 82 AS 54 55 56 CQ CO GP GO GN"
    )
    assert reason("99213", ["TC"]) == (
        "refused: modifier TC is not allowed on 99213: PC/TC indicator 0 does not allow it; drop the modifier"
    )
    # PC/TC 6 lab codes: the global row (status X) answers first, as in the engine
    assert reason("83020", ["TC"]) == "not priced on the fee schedule: statutory exclusion"
    assert "the fee schedule file has no 26 row for it (PC/TC indicator 1)" in reason("80506", ["26"])


def test_code_payment_summary_is_what_the_exporter_reads(published: Path):
    conn = duckdb.connect(str(published), read_only=True)
    row = conn.execute(
        "select national_nonfacility, national_facility, components, modifier_rules, payable_on_fee_schedule "
        "from code_payment_summary where release_id = 'RVU25D' and hcpcs = '71046'"
    ).fetchone()
    assert row[:2] == (Decimal("32.67"), Decimal("32.67"))  # facility: NA indicator, priced as CMS prices it
    components = {c["modifier"]: c for c in json.loads(row[2])}
    assert (components["26"]["nonfacility"], components["TC"]["nonfacility"]) == (10.03, 22.64)
    rules = {r["modifier"]: r for r in json.loads(row[3])}
    assert rules["80"]["nonfacility"] == 5.23 and "documentation" in rules["80"]["effect"]
    assert row[4] is True
    seed = conn.execute(
        "select payable_on_fee_schedule, national_nonfacility, nonfacility_reason from code_payment_summary "
        "where release_id = 'RVU25D' and hcpcs = '97545'"
    ).fetchone()
    assert seed[:2] == (False, None) and "contractor priced" in seed[2]
    knee = conn.execute(
        "select modifier_rules, nonfacility_na from code_payment_summary where release_id = 'RVU25D' and hcpcs = '27447'"
    ).fetchone()
    assert json.loads(knee[0])[0] == {
        "modifier": "50", "label": "bilateral procedure", "effect": "bilateral (-50): BILAT SURG 1: 150 % of one side",
        "nonfacility": 1886.45, "facility": 1886.45,
    } and knee[1] is True  # fmt: skip


def _medpay(args: list[str], warehouse: Path, *python_flags: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MEDPAY_WAREHOUSE": str(warehouse)}
    code = "import sys; from pipelines.cli.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, *python_flags, "-c", code, *args], capture_output=True, text=True, env=env, cwd=REPO
    )


def test_cli_json_answer(published: Path):
    out = _medpay(
        ["price", "27447", "--zip", "35203", "--setting", "facility", "-m", "50", "--json"], published
    )
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["locality"] == "10112-00" and answer["release_id"] == "RVU25D"
    assert (
        answer["amount"] == 1707.13 and answer["setting"] == "facility"
    )  # 35.1842 x 32.3465 = 1138.085725 x 1.5
    assert [a["step"] for a in answer["adjustments"]] == ["bilateral (-50)"]
    assert answer["na_indicator"] is False
    office = json.loads(_medpay(["price", "27447", "--setting", "nonfacility", "--json"], published).stdout)
    assert office["amount"] == 1257.63 and office["na_indicator"] is True  # 38.88 RVUs x 32.3465
    assert "flagged NA (rarely or never performed there)" in office["reason"]
    assert "CMS's payment files still price it" in office["reason"]
    seed = json.loads(_medpay(["price", "97546", "--json"], published).stdout)
    assert seed["amount"] is None and "contractor priced" in seed["reason"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["price", "9921X"], 3, "9921X is not in the RVU25D fee schedule file"),
        (["price", "99213", "-m", "TC"], 2, "modifier TC is not allowed on 99213"),
        (["price", "99213", "--zip", "00000"], 3, "ZIP 00000 maps to no Medicare payment locality"),
        (["price", "99213", "--date", "2024-06-01"], 3, "no loaded release covers the date of service"),
        (["price", "99213", "--locality", "TX"], 2, "TX has 8 payment localities"),
    ],
)
def test_cli_errors_are_one_line_with_what_is_valid(published: Path, args, code, message):
    out = _medpay(args, published)
    assert out.returncode == code
    first, hint = out.stderr.splitlines()[:2]
    assert message in first and hint.startswith("hint: ")


def test_cli_text_and_no_heavy_imports(published: Path):
    out = _medpay(["price", "99213", "--locality", "10112-00"], published, "-X", "importtime")
    assert out.returncode == 0 and "$81.86" in out.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines() if "|" in line}
    assert "duckdb" in imported
    assert not imported & {"dagster", "great_expectations", "polars", "pandas"}
