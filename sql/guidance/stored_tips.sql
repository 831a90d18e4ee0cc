-- Stored billing tips as code_page.v2 items, ranked: one release or all ($release_id null), one code
-- or all ($hcpcs null). Read by the export, `medpay tips` and the blocking check.
select
    release_id,
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
where
    ($release_id is null or release_id = $release_id)
    and ($hcpcs is null or hcpcs = $hcpcs)
order by release_id, hcpcs, rank
