-- Every stored tip as the page carries it (title, text, impact, evidence), for the blocking check.
select
    release_id,
    hcpcs,
    tip_id,
    title,
    text,
    impact_kind,
    impact_value,
    impact_basis,
    cast(evidence as varchar) as evidence
from code_billing_tips
order by release_id, hcpcs, rank
