-- Near-identical reports of one contributor found in this refresh (see refresh/marts_dups.sql):
-- not counted, each pointing at the report that is.
insert into code_denial_near_duplicates
select
    report_id,
    hcpcs,
    near_duplicate_of
from marts_dups
