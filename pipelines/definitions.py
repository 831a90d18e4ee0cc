"""Dagster entry point: autodiscover everything under pipelines/defs/ and bind the shared resources
(the warehouse and the configuration resources of pipelines/resources.py), once."""

import warnings

import dagster as dg

import pipelines.defs
from pipelines.lib.warehouse import Warehouse
from pipelines.resources import resources


def _definitions() -> dg.Definitions:
    # Package autodiscovery and partitioned asset checks are Dagster "preview" APIs that we rely on
    # knowingly (pinned to dagster 1.13.x); their notices would fire on every load.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        discovered = dg.load_definitions_from_package_module(pipelines.defs)
    # One writer per DuckDB file: every run executes its steps in one process against its own
    # working copy of the warehouse (see pipelines/lib/warehouse.py).
    return dg.Definitions.merge(
        discovered,
        dg.Definitions(resources=resources(warehouse=Warehouse()), executor=dg.in_process_executor),
    )


# The only Definitions object at module scope: `dagster dev` refuses a module holding two.
defs = _definitions()
