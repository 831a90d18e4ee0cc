"""Public entry point for CMS Medicare PFS RVU releases (RVU25A, RVU25AR, RVU25D, RVU26A_QPP ...).

``read_release(path)`` parses a release zip or folder into typed Polars frames matching
sql/tables/<table>.sql, plus rejected rows with reasons. See docs/cms_file_quirks.md."""

from pipelines.parsing.cms_common import NotACmsRelease, ParsedTable, SourceFile
from pipelines.parsing.cms_release import (
    TABLES,
    ParsedRelease,
    read_release,
    release_id_from_name,
    release_variants,
)
from pipelines.parsing.cms_schema import SCHEMAS

__all__ = [
    "SCHEMAS",
    "TABLES",
    "NotACmsRelease",
    "ParsedRelease",
    "ParsedTable",
    "SourceFile",
    "read_release",
    "release_id_from_name",
    "release_variants",
]
