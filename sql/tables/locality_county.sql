-- One row per (release, MAC, locality, county) from yyLOCCO, counties matched to Census FIPS.
-- county_fips is null when the locality covers the whole state or the rest of a state.
create table if not exists locality_county (
    release_id varchar not null,
    mac varchar not null,
    locality varchar not null,
    state varchar not null,
    state_fips varchar,
    fee_schedule_area varchar not null,
    county_name varchar,
    county_fips varchar,
    coverage varchar not null,
    source_file varchar not null,
    source_line integer not null
);
