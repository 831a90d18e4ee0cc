-- One row per (release, MAC, locality) from GPCIyyyy.
create table if not exists gpci (
    release_id varchar not null,
    mac varchar not null,
    state varchar not null,
    locality varchar not null,
    locality_name varchar not null,
    work_gpci decimal(6, 3) not null,
    pe_gpci decimal(6, 3) not null,
    mp_gpci decimal(6, 3) not null,
    source_file varchar not null,
    source_line integer not null,
    primary key (release_id, mac, locality)
);
