-- Reports per (code, CARC with group code | RARC), unsuppressed (analysts only).
create table if not exists code_denial_reasons (
    hcpcs varchar not null,
    reason_type varchar not null,
    reason varchar not null,
    group_code varchar,
    code varchar not null,
    description varchar,
    report_count integer not null,
    share double not null
);
