-- NCCI procedure-to-procedure edits, one row per edit per quarter and setting (history kept by quarter).
create table if not exists ncci_ptp (
    quarter varchar not null,
    setting varchar not null,
    column1 varchar not null,
    column2 varchar not null,
    in_existence_prior_1996 boolean not null,
    effective_date date not null,
    deletion_date date,
    modifier_indicator tinyint not null,
    modifier_label varchar not null,
    rationale varchar,
    source_file varchar not null,
    source_line integer not null
);
