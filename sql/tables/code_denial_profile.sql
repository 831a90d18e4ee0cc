-- One row per code with an accepted report: the code_page.v2 `denials` object, already suppressed.
create table if not exists code_denial_profile (
    hcpcs varchar not null,
    published boolean not null,
    threshold integer not null,
    report_count integer,
    reports_needed integer,
    profile json not null
);
