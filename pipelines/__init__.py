"""medpay: Medicare fee schedule, NCCI edits and crowd-sourced denial analytics on Dagster + DuckDB."""
