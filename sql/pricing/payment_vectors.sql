-- The docs/cms_rules.md §1 vectors (RVU25D + GPCI2025 = CMS PFREV25C to the cent) as the payment view prices them.
select
    hcpcs,
    modifier,
    mac,
    locality,
    setting,
    amount
from payment
where
    release_id = 'RVU25D'
    and scope = 'locality'
    and (
        (hcpcs = '99213' and modifier = '' and mac || '-' || locality in ('10112-00', '01182-18'))
        or (hcpcs = '71046' and mac = '10112' and setting = 'nonfacility')
        or (hcpcs = '27447' and modifier = '' and mac = '10112' and setting = 'facility')
    )
order by hcpcs, modifier, mac, locality, setting
