-- The outcome of every input row of every report file; messages never echo patient information.
-- One row per (source_file, file_sha256, source_line): checked by intake_counts_reconcile, no index (bulk size).
create table if not exists intake_outcomes (
    source_file varchar not null,
    file_sha256 varchar not null,
    source_line integer not null,
    report_id varchar,
    outcome varchar not null,
    reason_code varchar,
    field varchar,
    message varchar,
    fix varchar,
    details json
);
