-- One row per (release, MAC, locality) from ANESyyyy.
create table if not exists anesthesia_cf (
    release_id varchar not null,
    mac varchar not null,
    locality varchar not null,
    locality_name varchar not null,
    anesthesia_cf decimal(8, 2) not null,
    national_anesthesia_cf decimal(8, 4),
    source_file varchar not null,
    source_line integer not null,
    primary key (release_id, mac, locality)
);
