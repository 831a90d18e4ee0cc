-- payment_geography: every place a release is priced for: each payment locality (GPCIs, anesthesia CF)
-- and national (all GPCIs 1.000, the national anesthesia CF). A release without GPCI / ANES files uses
-- the latest same-year release that has them (GPCIs are set once a year) [docs/pricing_rules.md].
create or replace view payment_geography as
with sources as (
    select distinct
        release_id,
        'gpci' as kind
    from gpci
    union all
    select distinct
        release_id,
        'anesthesia' as kind
    from anesthesia_cf
),

picked as (
    select
        r.release_id,
        s.kind,
        c.release_id as source_release_id
    from releases as r
    inner join releases as c on r.year = c.year
    inner join sources as s on c.release_id = s.release_id
    qualify row_number() over (
        partition by r.release_id, s.kind
        order by
            c.release_id = r.release_id desc, c.effective_from desc, c.is_correction desc, c.released_on desc
    ) = 1
),

anesthesia as (
    select
        p.release_id,
        a.mac,
        a.locality,
        a.anesthesia_cf,
        a.national_anesthesia_cf
    from picked as p
    inner join anesthesia_cf as a on p.source_release_id = a.release_id
    where p.kind = 'anesthesia'
),

localities as (
    select
        p.release_id,
        p.source_release_id as gpci_release_id,
        'locality' as scope,
        g.mac,
        g.locality,
        g.state,
        g.locality_name,
        g.work_gpci,
        g.pe_gpci,
        g.mp_gpci,
        a.anesthesia_cf
    from picked as p
    inner join gpci as g on p.source_release_id = g.release_id
    left join anesthesia as a on p.release_id = a.release_id and g.mac = a.mac and g.locality = a.locality
    where p.kind = 'gpci'
),

national as (
    select
        r.release_id,
        null as gpci_release_id,
        'national' as scope,
        null as mac,
        null as locality,
        null as state,
        'NATIONAL (all GPCIs 1.000)' as locality_name,
        1.000 as work_gpci,
        1.000 as pe_gpci,
        1.000 as mp_gpci,
        n.anesthesia_cf
    from releases as r
    left join (
        select
            release_id,
            max(national_anesthesia_cf) as anesthesia_cf
        from anesthesia
        group by release_id
    ) as n on r.release_id = n.release_id
),

final as (
    select * from localities
    union all
    select * from national
)

select * from final
