-- Is a pair of codes bundled by an NCCI PTP edit on a date of service, which code is column 1, and can a
-- modifier bypass the edit? The macro ncci_pair (what `medpay edits` runs) returns every row of the pair,
-- in either order, from the quarter that applies to the date; `active` marks the row in force on it.
-- Change the codes, the date and the setting ('practitioner' or 'outpatient') in `params`.
with params as (
    select
        '97110' as code_a,
        '97530' as code_b,
        date '2025-11-03' as on_date,
        'practitioner' as setting
),

final as (
    select
        e.quarter,
        e.column1,
        e.column2,
        e.active,
        e.modifier_indicator,
        e.modifier_can_bypass,
        e.modifier_meaning,
        e.effective_date,
        e.deletion_date,
        e.rationale
    from params as p,
        ncci_pair(p.code_a, p.code_b, p.on_date, setting_name := p.setting) as e
)

select * from final
