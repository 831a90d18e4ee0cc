-- code_facts: one row per (release, HCPCS) global row with the PPRRVU facts the billing rule library
-- reads and the national amounts its tips quote, every amount priced by the price macro (the one
-- pricing implementation, docs/pricing_rules.md) in bulk: one price_lines call for every code and ask.
with codes as (
    select
        release_id,
        hcpcs,
        description,
        status_code,
        pctc_indicator as pctc,
        global_days,
        mult_proc_indicator as mult_proc,
        bilat_surg_indicator as bilat,
        asst_surg_indicator as asst,
        co_surg_indicator as co_surg,
        team_surg_indicator as team_surg,
        pe_nonfacility_na as nf_na,
        pe_facility_na as f_na,
        total_nonfacility_rvu as total_nf_rvu,
        total_facility_rvu as total_f_rvu,
        -- CPT E/M visit section (office, hospital, nursing facility, home, consultations)
        coalesce(regexp_full_match(hcpcs, '99[2-4][0-9]{2}') and hcpcs >= '99202', false) as em_visit
    from rvu
    where modifier = ''
),

asks as (
    select
        v.ask,
        v.modifiers,
        v.setting,
        v.units
    from (
        values
        ('nf', [''], 'nonfacility', 1),
        ('f', [''], 'facility', 1),
        ('nf_26', ['26'], 'nonfacility', 1),
        ('nf_tc', ['TC'], 'nonfacility', 1),
        ('nf_50', ['50'], 'nonfacility', 1),
        ('f_50', ['50'], 'facility', 1),
        ('nf_51', ['51'], 'nonfacility', 1),
        ('f_51', ['51'], 'facility', 1),
        ('nf_80', ['80'], 'nonfacility', 1),
        ('f_80', ['80'], 'facility', 1),
        ('nf_as', ['AS'], 'nonfacility', 1),
        ('f_as', ['AS'], 'facility', 1),
        ('nf_62', ['62'], 'nonfacility', 1),
        ('f_62', ['62'], 'facility', 1),
        ('nf_cq', ['CQ'], 'nonfacility', 1),
        ('nf_2u', [''], 'nonfacility', 2)
    ) as v (ask, modifiers, setting, units)
),

requests as materialized (
    select
        row_number() over () as line_id,
        c.release_id,
        c.hcpcs,
        a.ask,
        a.modifiers,
        a.setting,
        a.units
    from codes as c
    cross join asks as a
    where c.status_code in ('A', 'T', 'R')
),

priced as (
    select
        r.release_id,
        r.hcpcs,
        r.ask,
        p.amount
    from
        price_lines((
            select
                list({
                    'line_id': line_id, 'release_id': release_id, 'hcpcs': hcpcs,
                    'modifiers': [m for m in modifiers if m != ''], 'mac': null::varchar, 'locality': null::varchar,
                    'setting': setting, 'rank': null::integer, 'units': units, 'base_units': null::decimal(9, 3),
                    'time_units': null::decimal(9, 3), 'subtract': null::decimal(18, 6)
                })
            from requests
        )) as p
    inner join requests as r on p.line_id = r.line_id
),

amounts as (
    pivot priced on ask in (
        'nf', 'f', 'nf_26', 'nf_tc', 'nf_50', 'f_50', 'nf_51', 'f_51', 'nf_80', 'f_80', 'nf_as', 'f_as',
        'nf_62', 'f_62', 'nf_cq', 'nf_2u'
    ) using max(amount)
    group by release_id, hcpcs
)

select
    c.*,
    a.* exclude (release_id, hcpcs)  -- noqa: RF02
from codes as c
left join amounts as a on c.release_id = a.release_id and c.hcpcs = a.hcpcs
order by c.release_id, c.hcpcs
