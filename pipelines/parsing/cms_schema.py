"""Polars schemas of the CMS RVU release tables; they mirror sql/schema/<table>.sql column for column."""

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
