-- Reports per (code, appeal status, appeal strategy), unsuppressed (analysts only).
create table if not exists code_denial_appeals (
    hcpcs varchar not null,
    appeal_status varchar not null,
    appeal_strategy varchar not null,
    report_count integer not null
);
