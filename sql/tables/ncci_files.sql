-- One row per NCCI source file loaded into a quarter, with its provenance and reconciled row counts.
create table if not exists ncci_files (
    quarter varchar not null,
    kind varchar not null,
    setting varchar not null,
    landing_file varchar not null,
    source_file varchar not null,
    version varchar,
    part integer,
    size_bytes bigint not null,
    sha256 varchar not null,
    rows_read integer not null,
    rows_loaded integer not null,
    rows_rejected integer not null,
    rows_duplicate integer not null,
    loaded_at timestamp not null
);
