"""Polars schemas of the CMS RVU release tables (they mirror sql/tables/<table>.sql column for column)
and the PPRRVU fixed-width record layout."""

from __future__ import annotations

import polars as pl

S = pl.String
RVU2 = pl.Decimal(9, 2)
SHARE = pl.Decimal(7, 4)
GPCI = pl.Decimal(6, 3)
PRICE = pl.Decimal(10, 2)

RVU = pl.Schema(
    {
        "release_id": S,
        "hcpcs": S,
        "modifier": S,
        "description": S,
        "status_code": S,
        "not_used_for_medicare": S,
        "work_rvu": RVU2,
        "pe_nonfacility_rvu": RVU2,
        "pe_nonfacility_na": pl.Boolean,
        "pe_facility_rvu": RVU2,
        "pe_facility_na": pl.Boolean,
        "mp_rvu": RVU2,
        "total_nonfacility_rvu": RVU2,
        "total_facility_rvu": RVU2,
        "pctc_indicator": S,
        "global_days": S,
        "preop_share": SHARE,
        "intraop_share": SHARE,
        "postop_share": SHARE,
        "mult_proc_indicator": S,
        "bilat_surg_indicator": S,
        "asst_surg_indicator": S,
        "co_surg_indicator": S,
        "team_surg_indicator": S,
        "endo_base": S,
        "conversion_factor": pl.Decimal(10, 4),
        "phys_supervision": S,
        "calculation_flag": S,
        "diag_imaging_family": S,
        "opps_pe_nonfacility_rvu": RVU2,
        "opps_pe_facility_rvu": RVU2,
        "opps_mp_rvu": RVU2,
        "source_file": S,
        "source_line": pl.Int32,
        # Added with the CY2026 layout, last so that a warehouse migrated by ALTER TABLE (sql/tables/rvu.sql)
        # has the same column order as a new one.
        "pricing_indicator": S,
        "extra_columns": S,  # JSON text (DuckDB json)
    }
)

GPCI_TABLE = pl.Schema(
    {
        "release_id": S,
        "mac": S,
        "state": S,
        "locality": S,
        "locality_name": S,
        "work_gpci": GPCI,
        "pe_gpci": GPCI,
        "mp_gpci": GPCI,
        "source_file": S,
        "source_line": pl.Int32,
    }
)

LOCALITY_COUNTY = pl.Schema(
    {
        "release_id": S,
        "mac": S,
        "locality": S,
        "state": S,
        "state_fips": S,
        "fee_schedule_area": S,
        "county_name": S,
        "county_fips": S,
        "coverage": S,
        "source_file": S,
        "source_line": pl.Int32,
    }
)

ANESTHESIA_CF = pl.Schema(
    {
        "release_id": S,
        "mac": S,
        "locality": S,
        "locality_name": S,
        "anesthesia_cf": pl.Decimal(8, 2),
        "national_anesthesia_cf": pl.Decimal(8, 4),
        "source_file": S,
        "source_line": pl.Int32,
    }
)

OPPS_CAP = pl.Schema(
    {
        "release_id": S,
        "hcpcs": S,
        "modifier": S,
        "proc_status": S,
        "mac": S,
        "locality": S,
        "facility_price": PRICE,
        "nonfacility_price": PRICE,
        "source_file": S,
        "source_line": pl.Int32,
    }
)

SCHEMAS = {
    "rvu": RVU,
    "gpci": GPCI_TABLE,
    "locality_county": LOCALITY_COUNTY,
    "anesthesia_cf": ANESTHESIA_CF,
    "opps_cap": OPPS_CAP,
}

# RVU25D.pdf record layout, 1-based inclusive positions (NOT USED FOR MEDICARE PAYMENT sits in 59).
PPRRVU_TXT_LAYOUT = {
    "hcpcs": (1, 5),
    "modifier": (6, 7),
    "description": (8, 57),
    "status_code": (58, 58),
    "not_used_for_medicare": (59, 59),
    "work_rvu": (60, 65),
    "pe_nonfacility_rvu": (67, 72),
    "pe_nonfacility_na": (73, 74),
    "pe_facility_rvu": (76, 81),
    "pe_facility_na": (82, 83),
    "mp_rvu": (85, 89),
    "total_nonfacility_rvu": (91, 96),
    "total_facility_rvu": (97, 102),
    "pctc_indicator": (103, 103),
    "global_days": (104, 106),
    "preop_share": (107, 109),
    "intraop_share": (110, 112),
    "postop_share": (113, 115),
    "mult_proc_indicator": (116, 116),
    "bilat_surg_indicator": (117, 117),
    "asst_surg_indicator": (118, 118),
    "co_surg_indicator": (119, 119),
    "team_surg_indicator": (120, 120),
    "endo_base": (128, 132),
    "conversion_factor": (133, 140),
    "phys_supervision": (142, 143),
    "calculation_flag": (144, 144),
    "diag_imaging_family": (146, 147),
    "opps_pe_nonfacility_rvu": (152, 157),
    "opps_pe_facility_rvu": (159, 164),
    "opps_mp_rvu": (166, 171),
}
