-- code_payment_summary: one row per (release, HCPCS with a global row) for the website's code pages:
-- national amounts, component rows (26/TC/53) and what each modifier the code allows pays, all priced
-- by the price_lines macro (no rule is restated here). Modifiers listed: pricing_modifier_rules
-- rows marked on_code_page, component rows only where the file has them, CQ/CO only on therapy codes.
-- noqa: disable=RF01,RF02
create or replace table code_payment_summary as
with settings as (
    select unnest(['nonfacility', 'facility']) as setting
),

codes as (
    select
        r.release_id,
        r.hcpcs,
        r.description,
        r.status_code,
        coalesce(st.label, 'unknown status') as status_label,
        coalesce(st.treatment, 'not_priced') as treatment,
        r.mult_proc_indicator,
        r.conversion_factor
    from rvu as r
    left join pricing_status as st on r.status_code = st.status_code
    where r.modifier = ''
),

candidates as (
    -- the code itself (modifier '') and each modifier a code page lists for it
    select
        c.release_id,
        c.hcpcs,
        '' as modifier,
        'national' as kind,
        null as label,
        0 as display_order,
        null::decimal(9, 2) as work_rvu,
        null::decimal(9, 2) as pe_nonfacility_rvu,
        null::decimal(9, 2) as pe_facility_rvu,
        null::decimal(9, 2) as mp_rvu
    from codes as c
    union all
    select
        c.release_id,
        c.hcpcs,
        m.modifier,
        m.kind,
        m.label,
        m.display_order,
        r.work_rvu,
        r.pe_nonfacility_rvu,
        r.pe_facility_rvu,
        r.mp_rvu
    from codes as c
    cross join pricing_modifier_rules as m
    left join rvu as r on c.release_id = r.release_id and c.hcpcs = r.hcpcs and m.modifier = r.modifier
    where
        m.on_code_page
        and (m.kind = 'component' and r.modifier is not null or c.treatment = 'priced' and m.kind != 'component')
        and (m.kind != 'therapy_assistant' or c.mult_proc_indicator = '5')
),

requests as materialized (
    select
        row_number() over () as line_id,
        c.*,
        s.setting
    from candidates as c
    cross join settings as s
),

priced as materialized (
    select
        q.*,
        p.amount,
        p.reason,
        p.refusal,
        p.na_indicator,
        case
            when p.amount is null and p.reason like 'contractor%' then p.reason
            when q.kind = 'component' then 'priced from the code''s own -' || q.modifier || ' RVU row'
            else
                coalesce(
                    nullif(
                        array_to_string([a.step || ': ' || a.detail for a in p.adjustments if a.step != 'OPPS cap'], '; '),
                        ''
                    ),
                    'accepted; no change to the payment'
                )
                || array_to_string([' (' || n || ')' for n in p.notes if n like '%documentation%'], '')
        end as effect
    from
        price_lines((
            select
                list({
                    'line_id': line_id, 'release_id': release_id, 'hcpcs': hcpcs,
                    'modifiers': if(modifier = '', []::varchar[], [modifier]), 'mac': null::varchar,
                    'locality': null::varchar, 'setting': setting, 'rank': null::integer, 'units': 1,
                    'base_units': null::decimal(9, 3), 'time_units': null::decimal(9, 3), 'subtract': null::decimal(18, 6)
                })
            from requests
        )) as p
    inner join requests as q on p.line_id = q.line_id
),

national as (
    select
        release_id,
        hcpcs,
        max(amount) filter (where setting = 'nonfacility') as national_nonfacility,
        max(amount) filter (where setting = 'facility') as national_facility,
        max(reason) filter (where setting = 'nonfacility') as nonfacility_reason,
        max(reason) filter (where setting = 'facility') as facility_reason,
        bool_or(na_indicator) filter (where setting = 'nonfacility') as nonfacility_na,
        bool_or(na_indicator) filter (where setting = 'facility') as facility_na
    from priced
    where kind = 'national'
    group by release_id, hcpcs
),

per_modifier as (
    select
        release_id,
        hcpcs,
        modifier,
        any_value(kind) as kind,
        any_value(label) as label,
        any_value(display_order) as display_order,
        any_value(work_rvu) as work_rvu,
        any_value(pe_nonfacility_rvu) as pe_nonfacility_rvu,
        any_value(pe_facility_rvu) as pe_facility_rvu,
        any_value(mp_rvu) as mp_rvu,
        max(amount) filter (where setting = 'nonfacility') as nonfacility,
        max(amount) filter (where setting = 'facility') as facility,
        coalesce(
            max(effect) filter (where setting = 'nonfacility' and amount is not null),
            max(effect) filter (where setting = 'facility')
        ) as effect,
        bool_or(refusal is not null) as refused
    from priced
    where kind != 'national'
    group by release_id, hcpcs, modifier
),

lists as (
    select
        release_id,
        hcpcs,
        to_json(
            list({
                'modifier': modifier, 'work_rvu': work_rvu::double, 'pe_nonfacility_rvu': pe_nonfacility_rvu::double,
                'pe_facility_rvu': pe_facility_rvu::double, 'mp_rvu': mp_rvu::double,
                'nonfacility': nonfacility::double, 'facility': facility::double
            } order by display_order) filter (where kind = 'component')
        ) as components,
        to_json(
            list({
                'modifier': modifier, 'label': label, 'effect': effect, 'nonfacility': nonfacility::double,
                'facility': facility::double
            } order by display_order) filter (where not refused)
        ) as modifier_rules
    from per_modifier
    group by release_id, hcpcs
),

final as (
    select
        c.release_id,
        c.hcpcs,
        c.description,
        c.status_code,
        c.status_label,
        n.national_nonfacility is not null as payable_on_fee_schedule,
        (n.national_nonfacility)::decimal(12, 2) as national_nonfacility,
        (n.national_facility)::decimal(12, 2) as national_facility,
        n.nonfacility_reason,
        n.facility_reason,
        n.nonfacility_na,
        n.facility_na,
        (c.conversion_factor)::decimal(10, 4) as conversion_factor,
        coalesce(l.components, '[]'::json) as components,
        coalesce(l.modifier_rules, '[]'::json) as modifier_rules
    from codes as c
    inner join national as n on c.release_id = n.release_id and c.hcpcs = n.hcpcs
    left join lists as l on c.release_id = l.release_id and c.hcpcs = l.hcpcs
)

select * from final
order by release_id, hcpcs
