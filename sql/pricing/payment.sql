-- payment: every RVU row x payment locality (plus national) x setting, per release.
-- Fee = [(W x GPCIw) + (PE x GPCIpe) + (MP x GPCImp)] x CF [RVU25D p.1-2], the lower of it and the
-- OPPS cap (OPPSCAP row, else the RVU row's OPPS formula), rounded to cents once. A release without
-- GPCIs uses the latest same-year release that has them (gpci_release_id). See docs/pricing_rules.md.
create or replace view payment as
with gpci_releases as (
    select distinct release_id from gpci
),

gpci_candidates as (
    select
        r.release_id,
        c.release_id as gpci_release_id,
        row_number() over (
            partition by r.release_id
            order by
                c.release_id = r.release_id desc, c.effective_from desc, c.is_correction desc, c.released_on desc
        ) as pick
    from releases as r
    inner join releases as c on r.year = c.year
    inner join gpci_releases as gr on c.release_id = gr.release_id
),

geography as (
    select
        gc.release_id,
        gc.gpci_release_id,
        'locality' as scope,
        g.mac,
        g.locality,
        g.state,
        g.locality_name,
        g.work_gpci,
        g.pe_gpci,
        g.mp_gpci
    from gpci_candidates as gc
    inner join gpci as g on gc.gpci_release_id = g.release_id
    where gc.pick = 1
    union all
    select
        release_id,
        null as gpci_release_id,
        'national' as scope,
        null as mac,
        null as locality,
        null as state,
        'NATIONAL (all GPCIs 1.000)' as locality_name,
        1.000 as work_gpci,
        1.000 as pe_gpci,
        1.000 as mp_gpci
    from releases
),

settings as (
    select unnest(['nonfacility', 'facility']) as setting
),

lines as (
    select
        v.release_id,
        geo.gpci_release_id,
        geo.scope,
        geo.mac,
        geo.locality,
        geo.state,
        geo.locality_name,
        s.setting,
        v.hcpcs,
        v.modifier,
        v.description,
        v.status_code,
        v.work_rvu,
        v.mp_rvu,
        geo.work_gpci,
        geo.pe_gpci,
        geo.mp_gpci,
        v.conversion_factor,
        if(s.setting = 'facility', v.pe_facility_rvu, v.pe_nonfacility_rvu) as pe_rvu,
        if(s.setting = 'facility', v.pe_facility_na, v.pe_nonfacility_na) as setting_na,
        if(s.setting = 'facility', v.total_facility_rvu, v.total_nonfacility_rvu) as total_rvu,
        if(s.setting = 'facility', v.opps_pe_facility_rvu, v.opps_pe_nonfacility_rvu) as opps_pe_rvu,
        v.opps_mp_rvu,
        if(s.setting = 'facility', oc.facility_price, oc.nonfacility_price) as opps_cap_amount
    from rvu as v
    inner join geography as geo on v.release_id = geo.release_id
    cross join settings as s
    left join opps_cap as oc
        on
            v.release_id = oc.release_id
            and v.hcpcs = oc.hcpcs
            and v.modifier = oc.modifier
            and geo.mac = oc.mac
            and geo.locality = oc.locality
),

amounts as (
    select
        *,
        (work_rvu * work_gpci + pe_rvu * pe_gpci + mp_rvu * mp_gpci) * conversion_factor as fee_exact,
        coalesce(
            opps_cap_amount,
            if(
                coalesce(opps_pe_rvu, 0) + coalesce(opps_mp_rvu, 0) > 0,
                (work_rvu * work_gpci + opps_pe_rvu * pe_gpci + opps_mp_rvu * mp_gpci) * conversion_factor,
                null
            )
        ) as opps_limit,
        status_code in ('A', 'T') or (status_code = 'R' and total_rvu > 0) as rvu_priced
    from lines
),

final as (
    select
        *,
        if(rvu_priced and not setting_na, least(fee_exact, coalesce(opps_limit, fee_exact)), null) as amount_exact
    from amounts
)

select
    release_id,
    gpci_release_id,
    scope,
    mac,
    locality,
    state,
    locality_name,
    setting,
    hcpcs,
    modifier,
    description,
    status_code,
    work_rvu,
    pe_rvu,
    mp_rvu,
    work_gpci,
    pe_gpci,
    mp_gpci,
    conversion_factor,
    setting_na,
    round(fee_exact, 2) as fee_schedule_amount,
    round(opps_limit, 2) as opps_cap_amount,
    amount_exact,
    round(amount_exact, 2) as amount,
    round(amount_exact * 0.95, 2) as nonpar_amount,
    round(amount_exact * 0.95 * 1.15, 2) as limiting_charge,
    case
        when status_code = 'J' then 'anesthesia: (base + time units) x anesthesia CF; use the price macro'
        when status_code = 'C' then 'contractor priced'
        when status_code = 'R' and total_rvu = 0 then 'contractor priced: restricted coverage, no RVUs'
        when not rvu_priced then 'not priced on the fee schedule: status ' || status_code
        when setting_na then 'not priced in this setting: NA indicator'
        when opps_limit < fee_exact then 'priced: OPPS cap'
        else 'priced'
    end as reason
from final
