-- Per code row of release $release_id, what the OPPS cap needs besides the GPCIs: the OPPS PE and MP
-- RVUs of the PPRRVU row and the OPPSCAP file's amounts per locality (payment view, docs/pricing_rules.md).
with caps as (
    select
        hcpcs,
        modifier,
        list(
            struct_pack(
                locality := mac || '-' || locality,
                nonfacility := nonfacility_price,
                facility := facility_price
            )
            order by mac, locality
        ) as cap
    from opps_cap
    where release_id = $release_id
    group by hcpcs, modifier
),

release_rows as (
    select * from rvu
    where release_id = $release_id
),

final as (
    select
        r.hcpcs,
        r.modifier,
        r.opps_pe_nonfacility_rvu,
        r.opps_pe_facility_rvu,
        r.opps_mp_rvu,
        c.cap
    from release_rows as r
    left join caps as c on r.hcpcs = c.hcpcs and r.modifier = c.modifier
    where
        coalesce(r.opps_pe_nonfacility_rvu, 0) + coalesce(r.opps_pe_facility_rvu, 0)
        + coalesce(r.opps_mp_rvu, 0) > 0
        or c.cap is not null
)

select * from final
