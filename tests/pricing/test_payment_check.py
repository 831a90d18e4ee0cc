"""payment_matches_cms_amounts without RVU25D: a WARN that says nothing was compared, not a pass."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.pricing.assets import payment
from pipelines.defs.pricing.checks import payment_matches_cms_amounts
from pipelines.lib.warehouse import Warehouse
from tests.pricing.conftest import build


def test_without_rvu25d_the_check_warns_and_does_not_block(tmp_path):
    path = build(tmp_path / "medpay.duckdb", releases=("RVU25A",))
    result = dg.materialize(
        [payment, payment_matches_cms_amounts], resources={"warehouse": Warehouse(database=str(path))}
    )
    assert result.success  # a WARN does not fail the run (nor the published warehouse)
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert "RVU25D" in evaluation.description and "not loaded" in evaluation.description
    assert evaluation.metadata["checked"].value == 0
