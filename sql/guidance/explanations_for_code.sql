-- The denial explanations of one code in one release, in page order (medpay tips).
select
    reason,
    meaning,
    cast(likely_causes as varchar) as likely_causes,
    prevention,
    cast(evidence as varchar) as evidence
from code_denial_explanations
where release_id = $release_id and hcpcs = $hcpcs
order by rank
