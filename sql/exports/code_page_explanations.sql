-- The denial explanations of every published code of one release, in page order (denials.explanations).
select
    hcpcs,
    reason,
    meaning,
    cast(likely_causes as varchar) as likely_causes,
    prevention,
    cast(evidence as varchar) as evidence
from code_denial_explanations
where release_id = $release_id
order by hcpcs, rank
