-- One row per (release, HCPCS, modifier, carrier, locality) from OPPSCAP: OPPS-capped imaging amounts.
create table if not exists opps_cap (
    release_id varchar not null,
    hcpcs varchar not null,
    modifier varchar not null,
    proc_status varchar not null,
    mac varchar not null,
    locality varchar not null,
    facility_price decimal(10, 2),
    nonfacility_price decimal(10, 2),
    source_file varchar not null,
    source_line integer not null,
    primary key (release_id, hcpcs, modifier, mac, locality)
);
