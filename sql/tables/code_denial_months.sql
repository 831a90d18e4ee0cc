-- Counted reports per (code, denial month), unsuppressed (analysts only): the period and the trend.
create table if not exists code_denial_months (
    hcpcs varchar not null,
    denial_month date not null,
    report_count integer not null
);
