-- The payment localities of release $release_id with the GPCIs the payment view prices them with
-- (its own GPCI file, else the latest same-year release that has one: gpci_release_id). Read from
-- the payment view itself, for one code, so the export and `medpay price` can never disagree.
with probe as (
    select min(hcpcs) as hcpcs
    from rvu
    where release_id = $release_id and modifier = ''
),

release_rows as (
    select * from payment
    where release_id = $release_id and scope = 'locality' and modifier = '' and setting = 'facility'
),

final as (
    select distinct
        p.gpci_release_id,
        p.mac,
        p.locality,
        p.state,
        p.locality_name,
        p.work_gpci,
        p.pe_gpci,
        p.mp_gpci
    from release_rows as p
    inner join probe as c on p.hcpcs = c.hcpcs
)

select * from final
order by state, mac, locality
