-- Counted reports per (code, contributor), unsuppressed (analysts only): the dominance rule's input.
create table if not exists code_denial_contributors (
    hcpcs varchar not null,
    contributor_id varchar not null,
    report_count integer not null
);
