-- The billing tips of one code in one release, ranked (medpay tips).
select
    tip_id,
    kind,
    title,
    text,
    impact_kind,
    impact_value,
    impact_basis,
    cast(evidence as varchar) as evidence,
    cast(applies_to as varchar) as applies_to,
    rule_library_version
from code_billing_tips
where release_id = $release_id and hcpcs = $hcpcs
order by rank
