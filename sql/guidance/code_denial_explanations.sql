-- code_denial_explanations: one row per (release, HCPCS, reason shown on a published page), in page
-- order: the X12 meaning, likely causes (the code's CMS facts first), prevention and evidence.
create or replace table code_denial_explanations as
select
    release_id,
    hcpcs,
    cast(rank as integer) as rank,
    reason,
    meaning,
    cast(likely_causes as json) as likely_causes,
    prevention,
    cast(evidence as json) as evidence,
    rule_library_version
from incoming
order by release_id, hcpcs, rank
