-- code_billing_tips: one row per (release, HCPCS, tip), ranked per code (1 = most at stake); built in
-- Python by pipelines.guidance (the rule library applied to code_facts) and stored here.
create or replace table code_billing_tips as
select
    release_id,
    hcpcs,
    cast(rank as integer) as rank,
    tip_id,
    kind,
    title,
    text,
    impact_kind,
    cast(impact_value as decimal(12, 2)) as impact_value,
    impact_basis,
    cast(evidence as json) as evidence,
    cast(applies_to as json) as applies_to,
    rule_library_version
from incoming
order by release_id, hcpcs, rank
