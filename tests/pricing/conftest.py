"""Pricing tests read the session's shared real warehouse (``pricing_db`` in tests/conftest.py: RVU25D +
RVU25A + the CMS ZIP file, loaded with the project's own parsers and loader, plus the payment view and
the price macro), opened read-only."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


@pytest.fixture
def conn(pricing_db: Path):
    connection = duckdb.connect(str(pricing_db), read_only=True)
    yield connection
    connection.close()
