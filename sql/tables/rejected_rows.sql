-- Every input row that failed parsing or a row-level rule, with the reason. Never silently dropped.
create table if not exists rejected_rows (
    domain varchar not null,
    partition_key varchar not null,
    source_file varchar not null,
    line_number integer not null,
    raw_line varchar,
    reason_code varchar not null,
    reason varchar not null,
    rejected_at timestamp not null
);
