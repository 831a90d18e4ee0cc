"""`medpay edits CODE1 CODE2` as a user runs it (subprocess) on a warehouse holding the 2025Q4 fixture quarter
and the real-layout 2026Q3 quarter, and the analysts' macro ncci_pair it is built on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.ncci.load import ensure_ncci_objects, load_quarter
from pipelines.parsing.ncci_files import scan

from .conftest import FIXTURE_DIR

REPO = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("edits") / "medpay.duckdb"
    files, _ = scan(FIXTURE_DIR)
    with duckdb.connect(str(path)) as conn:
        for quarter in ("2025Q4", "2026Q3"):
            for kind in ("ptp", "mue"):
                load_quarter(conn, files, kind, quarter, FIXTURE_DIR)
    return path


def _medpay(args: list[str], warehouse: Path, *python_flags: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MEDPAY_WAREHOUSE": str(warehouse)}
    code = "import sys; from pipelines.cli.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, *python_flags, "-c", code, *args], capture_output=True, text=True, env=env, cwd=REPO
    )


def _answer(published: Path, *args: str) -> dict:
    out = _medpay(["edits", *args, "--json"], published)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_bundled_pair_either_order_with_column1_modifier_and_mue(published):
    answer = _answer(published, "36415", "99213", "--date", "2025-11-03")
    assert answer["ncci_quarter"] == "2025Q4" and answer["bundled"] is True
    edit = answer["edit"]
    assert (edit["column1"], edit["column2"]) == ("99213", "36415")
    assert edit["modifier_indicator"] == 1 and edit["modifier_can_bypass"] is True
    mue = answer["mue"]
    assert (mue["99213"]["value"], mue["99213"]["adjudication_indicator"]) == (1, 3)
    assert mue["99213"]["adjudication_label"] == "Date of service edit: clinical"
    assert mue["99213"]["adjudication_meaning"].startswith("Per-day edit based on clinical data")
    assert (mue["36415"]["value"], mue["36415"]["adjudication_indicator"]) == (2, 3)


def test_re_added_pair_answers_by_the_window_that_covers_the_date(published):
    later = _answer(published, "99213", "36415", "--date", "2026-08-01")  # 2026Q3: the re-added row
    assert later["ncci_quarter"] == "2026Q3"
    assert (later["edit"]["effective_date"], later["edit"]["modifier_indicator"]) == ("2025-01-01", 0)
    assert later["edit"]["modifier_can_bypass"] is False
    assert [w["effective_date"] for w in later["other_windows"]] == ["1996-01-01"]
    assert later["mue"] == {"99213": None, "36415": None}  # the 2026Q3 fixture has no MUE table
    gap = _answer(published, "99213", "36415", "--date", "2024-06-01")  # between the two windows
    assert gap["bundled"] is False and len(gap["other_windows"]) == 2


def test_edit_deleted_on_its_effective_date_never_bundles(published):
    answer = _answer(published, "0001A", "90473", "--date", "2022-01-01")
    assert answer["bundled"] is False and answer["other_windows"][0]["modifier_indicator"] == 9


def test_text_output_and_no_heavy_imports(published):
    out = _medpay(["edits", "99213", "36415", "--date", "2026-08-01"], published, "-X", "importtime")
    assert out.returncode == 0, out.stderr
    assert "BUNDLED: column 1 99213, column 2 36415" in out.stdout
    assert "no modifier bypasses it" in out.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines() if "|" in line}
    assert "duckdb" in imported
    assert not imported & {"dagster", "great_expectations", "polars", "pandas"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["edits", "9921", "36415"], 2, "'9921' is not a HCPCS/CPT code"),
        (["edits", "99213", "36415", "--date", "2025-13-01"], 2, "--date '2025-13-01' is not a date"),
        (["edits", "99213", "99213"], 2, "give two different codes"),
        (["edits", "99213", "36415", "--setting", "dme"], 2, "unknown setting 'dme'"),
    ],
)
def test_errors_are_one_line_with_a_hint(published, args, code, message):
    out = _medpay(args, published)
    assert out.returncode == code and message in out.stderr.splitlines()[0]


def test_no_warehouse_or_no_quarter_is_not_found(tmp_path):
    out = _medpay(["edits", "99213", "36415"], tmp_path / "none.duckdb")
    assert out.returncode == 3 and "no published warehouse" in out.stderr
    empty = tmp_path / "empty.duckdb"
    with duckdb.connect(str(empty)) as conn:
        ensure_ncci_objects(conn)
    out = _medpay(["edits", "99213", "36415"], empty)
    assert out.returncode == 3 and "no NCCI practitioner quarter is loaded" in out.stderr


def test_macro_for_analysts(published):
    with duckdb.connect(str(published), read_only=True) as conn:
        rows = conn.execute(
            "select quarter, column1, active, modifier_can_bypass from ncci_pair('36415', '99213', $1)",
            [date(2025, 11, 3)],
        ).fetchall()
        assert rows == [("2025Q4", "99213", True, True)]
        outpatient = conn.execute(
            "select column1, modifier_indicator, active "
            "from ncci_pair('99213', '36415', $1, setting_name := 'outpatient')",
            [date(2026, 8, 1)],
        ).fetchall()
        assert outpatient == [("99213", 0, True)]
