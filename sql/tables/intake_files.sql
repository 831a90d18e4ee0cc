-- One row per intake of a report file version (name + SHA-256): rows_read = the four outcomes.
create table if not exists intake_files (
    source_file varchar not null,
    file_sha256 varchar not null,
    partition_key varchar not null,
    file_format varchar not null,
    size_bytes bigint not null,
    rows_read integer not null,
    accepted integer not null,
    rejected integer not null,
    quarantined integer not null,
    duplicates integer not null,
    non_utf8_rows integer not null,
    had_phi boolean not null,
    processed_at timestamp not null,
    primary key (source_file, file_sha256)
);
