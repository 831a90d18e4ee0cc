"""Dagster definitions, one sub-package per domain (rvu, ncci, reports, marts, exports, ops)."""
