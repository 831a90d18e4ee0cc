"""Marts fixtures: an in-memory warehouse with intake's `reports` table and the real X12 code list."""

from __future__ import annotations

import duckdb
import pytest

from .factory import create_inputs


@pytest.fixture
def conn() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    create_inputs(connection)
    yield connection
    connection.close()
