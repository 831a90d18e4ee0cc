-- One row per (release, HCPCS, modifier) from the PPRRVU file; modifier '' = the code's global row.
create table if not exists rvu (
    release_id varchar not null,
    hcpcs varchar not null,
    modifier varchar not null,
    description varchar,
    status_code varchar not null,
    not_used_for_medicare varchar,
    work_rvu decimal(9, 2) not null,
    pe_nonfacility_rvu decimal(9, 2) not null,
    pe_nonfacility_na boolean not null,
    pe_facility_rvu decimal(9, 2) not null,
    pe_facility_na boolean not null,
    mp_rvu decimal(9, 2) not null,
    total_nonfacility_rvu decimal(9, 2) not null,
    total_facility_rvu decimal(9, 2) not null,
    pctc_indicator varchar not null,
    global_days varchar not null,
    preop_share decimal(7, 4) not null,
    intraop_share decimal(7, 4) not null,
    postop_share decimal(7, 4) not null,
    mult_proc_indicator varchar not null,
    bilat_surg_indicator varchar not null,
    asst_surg_indicator varchar not null,
    co_surg_indicator varchar not null,
    team_surg_indicator varchar not null,
    endo_base varchar,
    conversion_factor decimal(10, 4) not null,
    phys_supervision varchar,
    calculation_flag varchar,
    diag_imaging_family varchar,
    opps_pe_nonfacility_rvu decimal(9, 2),
    opps_pe_facility_rvu decimal(9, 2),
    opps_mp_rvu decimal(9, 2),
    source_file varchar not null,
    source_line integer not null,
    -- Added with the CY2026 layout (PRIC IND; columns CMS adds later), last so that an older warehouse
    -- migrated by the statements below has the same column order as a new one.
    pricing_indicator varchar,
    extra_columns json,
    primary key (release_id, hcpcs, modifier)
);

-- A warehouse built before the CY2026 layout gains the new columns (null on its older rows).
alter table rvu add column if not exists pricing_indicator varchar;
alter table rvu add column if not exists extra_columns json;
