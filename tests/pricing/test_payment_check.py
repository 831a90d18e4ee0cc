"""payment_matches_cms_amounts without RVU25D: a WARN that says nothing was compared, not a pass."""

from __future__ import annotations

from datetime import datetime

import dagster as dg
import duckdb

from pipelines.defs.pricing.assets import payment
from pipelines.defs.pricing.checks import payment_matches_cms_amounts
from pipelines.defs.rvu.load import load_release
from pipelines.lib.warehouse import Warehouse


def test_without_rvu25d_the_check_warns_and_does_not_block(tmp_path, parsed_releases):
    path = tmp_path / "medpay.duckdb"
    with duckdb.connect(str(path)) as conn:  # the real RVU25A only (the session's parse)
        load_release(conn, parsed_releases["RVU25A"], landing_sha256="test-RVU25A", loaded_at=datetime.now())
    result = dg.materialize(
        [payment, payment_matches_cms_amounts], resources={"warehouse": Warehouse(database=str(path))}
    )
    assert result.success  # a WARN does not fail the run (nor the published warehouse)
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert "RVU25D" in evaluation.description and "not loaded" in evaluation.description
    assert evaluation.metadata["checked"].value == 0
