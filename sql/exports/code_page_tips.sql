-- The billing tips of every code of one release, ranked, as code_page.v2 `billing_tips` items.
select
    hcpcs,
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
where release_id = $release_id
order by hcpcs, rank
