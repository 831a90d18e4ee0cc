-- Reports quarantined for possible PHI: only the masked record and the finding kinds and positions.
-- One row per (source_file, file_sha256, source_line); no index (bulk size).
create table if not exists quarantine (
    source_file varchar not null,
    file_sha256 varchar not null,
    source_line integer not null,
    report_id varchar,
    finding_kinds varchar[] not null,
    findings json not null,
    masked_record json not null,
    quarantined_at timestamp not null
);
