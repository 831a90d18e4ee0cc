-- Reports per (code, full set of reason codes on the report), unsuppressed (analysts only).
create table if not exists code_denial_reason_combinations (
    hcpcs varchar not null,
    combination varchar not null,
    reasons varchar[] not null,
    reason_count integer not null,
    report_count integer not null,
    share double not null
);
