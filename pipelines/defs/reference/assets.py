"""Reference tables: Census counties, X12 CARC/RARC codes, USPS states, CMS ZIP -> locality."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.lib.markdown import frame_table
from pipelines.lib.paths import Paths
from pipelines.lib.safe_input import InputLimits
from pipelines.lib.sql import run_sql_with_frame
from pipelines.lib.warehouse import Warehouse
from pipelines.ops import refusals
from pipelines.parsing import reference
from pipelines.resources import InputLimitsResource, PathsResource

GROUP = "reference"
KINDS = {"duckdb", "polars"}


def _source(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"reference file missing: {path} (ship it under MEDPAY_RAW_DIR)")
    return path


def _parse(
    table: str, read: Callable[..., pl.DataFrame], path: Path, paths: Paths, limits: InputLimits
) -> pl.DataFrame:
    """``read(path, limits)``; a refused or broken file fails the run, recorded for `medpay status`."""
    try:
        frame = read(path, limits)
    except reference.BadReferenceFile as err:
        raise refusals.failure(paths, "reference", table, path, err) from err
    refusals.clear(paths, "reference", table)
    return frame


def _write(
    warehouse: Warehouse, table: str, frame: pl.DataFrame, sources: list[Path]
) -> dg.MaterializeResult:
    with warehouse.connect() as conn:
        run_sql_with_frame(conn, f"reference/{table}", frame)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": frame.height,
            "source_files": [str(p) for p in sources],
            "preview": dg.MetadataValue.md(frame_table(frame)),
        }
    )


def _load_file(
    warehouse: Warehouse,
    table: str,
    read: Callable[..., pl.DataFrame],
    relative: str,
    paths: PathsResource,
    input_limits: InputLimitsResource,
) -> dg.MaterializeResult:
    """Read ``raw/reference/<relative>`` into ``table`` (one file, one table)."""
    path = _source(paths.paths.reference_dir / relative)
    return _write(warehouse, table, _parse(table, read, path, paths.paths, input_limits.limits), [path])


@dg.asset(group_name=GROUP, kinds=KINDS)
def census_counties(
    warehouse: Warehouse, paths: PathsResource, input_limits: InputLimitsResource
) -> dg.MaterializeResult:
    """US Census county FIPS list (one row per county): maps CMS locality county names to FIPS."""
    return _load_file(
        warehouse,
        "census_counties",
        reference.read_census_counties,
        "census/national_county.txt",
        paths,
        input_limits,
    )


@dg.asset(group_name=GROUP, kinds=KINDS)
def x12_codes(
    warehouse: Warehouse, paths: PathsResource, input_limits: InputLimitsResource
) -> dg.MaterializeResult:
    """X12 Claim Adjustment Reason Codes and Remittance Advice Remark Codes with their descriptions."""
    return _load_file(
        warehouse, "x12_codes", reference.read_x12_codes, "x12/carc-rarc.csv", paths, input_limits
    )


@dg.asset(group_name=GROUP, kinds=KINDS)
def usps_states(
    warehouse: Warehouse, paths: PathsResource, input_limits: InputLimitsResource
) -> dg.MaterializeResult:
    """USPS codes of the 50 states, DC and the territories accepted in denial reports."""
    return _load_file(
        warehouse, "usps_states", reference.read_usps_states, "usps_states.csv", paths, input_limits
    )


def zip_locality_files(paths: Paths) -> list[Path]:
    return sorted((paths.cms_dir / "zip_locality").glob("**/ZIP5_*.txt"))


@dg.asset(group_name=GROUP, kinds=KINDS)
def zip_locality(
    warehouse: Warehouse, paths: PathsResource, input_limits: InputLimitsResource
) -> dg.MaterializeResult:
    """CMS ZIP code -> carrier (MAC) and pricing locality, one row per (year_quarter, ZIP5)."""
    files = zip_locality_files(paths.paths)
    if not files:
        raise FileNotFoundError("no CMS ZIP5_*.txt file under raw/cms/zip_locality/")
    frames = [
        _parse("zip_locality", reference.read_zip_locality, f, paths.paths, input_limits.limits).with_columns(
            pl.lit(f.name).alias("source_file")
        )
        for f in files
    ]
    frame = pl.concat(frames)
    dupes = frame.select(pl.struct("year_quarter", "zip5").is_duplicated().sum()).item()
    if dupes:
        raise ValueError(f"{dupes} ZIP codes appear twice for the same year/quarter across {files}")
    return _write(warehouse, "zip_locality", frame, files)
