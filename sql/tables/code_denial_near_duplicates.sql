-- Accepted reports counted as a near-duplicate of an earlier report of the same contributor.
create table if not exists code_denial_near_duplicates (
    report_id varchar not null,
    hcpcs varchar not null,
    near_duplicate_of varchar not null
);
