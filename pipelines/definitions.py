"""Dagster entry point: autodiscover everything under pipelines/defs/ and bind the shared resources."""

import dagster as dg

import pipelines.defs
from pipelines.lib.warehouse import Warehouse

# One writer per DuckDB file: every run executes its steps in one process against its own
# working copy of the warehouse (see pipelines/lib/warehouse.py).
defs = dg.Definitions.merge(
    dg.load_definitions_from_package_module(pipelines.defs),
    dg.Definitions(resources={"warehouse": Warehouse()}, executor=dg.in_process_executor),
)
