"""NCCI domain logic outside Dagster: indicator labels, loading a parsed quarter, per-code lookup."""
