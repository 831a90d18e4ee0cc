-- Stored denial explanations as code_page.v2 denials.explanations items, in page order: one release,
-- one code or all ($hcpcs null).
select
    hcpcs,
    reason,
    meaning,
    cast(likely_causes as varchar) as likely_causes,
    prevention,
    cast(evidence as varchar) as evidence
from code_denial_explanations
where
    release_id = $release_id
    and ($hcpcs is null or hcpcs = $hcpcs)
order by hcpcs, rank
