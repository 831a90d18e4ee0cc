-- Reports per (code, quarter of the denial month), unsuppressed (analysts only).
create table if not exists code_denial_trend (
    hcpcs varchar not null,
    quarter varchar not null,
    quarter_start date not null,
    report_count integer not null
);
