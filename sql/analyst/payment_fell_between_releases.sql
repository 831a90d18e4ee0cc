-- Codes whose national payment fell between two RVU releases, in either setting: a lower amount,
-- or an amount that stopped being paid (status or NA change). Change the releases in `params`.
with params as (
    select
        'RVU25A' as from_release,
        'RVU25D' as to_release
),

pairs as (
    select
        o.hcpcs,
        n.description,
        o.status_code as old_status,
        n.status_code as new_status,
        o.national_nonfacility as old_nonfacility,
        n.national_nonfacility as new_nonfacility,
        o.national_facility as old_facility,
        n.national_facility as new_facility
    from code_payment_summary as o
    inner join params as p on o.release_id = p.from_release
    inner join code_payment_summary as n on o.hcpcs = n.hcpcs and p.to_release = n.release_id
),

final as (
    select
        *,
        new_nonfacility - old_nonfacility as nonfacility_change,
        new_facility - old_facility as facility_change,
        (old_nonfacility is not null and new_nonfacility is null)
        or (old_facility is not null and new_facility is null) as no_longer_paid
    from pairs
    where
        new_nonfacility < old_nonfacility
        or new_facility < old_facility
        or (old_nonfacility is not null and new_nonfacility is null)
        or (old_facility is not null and new_facility is null)
)

select * from final
order by no_longer_paid desc, least(nonfacility_change, facility_change) asc, hcpcs asc
