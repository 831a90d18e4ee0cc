-- Is the pair (code_a, code_b) bundled by an NCCI PTP edit on on_date? Every row of the pair, in either
-- order, from the quarter that applies (ncci_quarter_on), with `active` = ncci_is_active on
-- on_date (at most one row of a pair is active: a re-added pair has one row per window), which code is
-- column 1, and whether a modifier can bypass it.
-- setting_name: 'practitioner' (ccipra) or 'outpatient' (ccioph).
-- Example: select * from ncci_pair('99213', '36415', date '2025-11-03');
-- The macro's parameters are unqualified names: RF02 does not apply.
-- noqa: disable=RF02
create or replace macro ncci_pair(code_a, code_b, on_date, setting_name := 'practitioner') as table
    with final as (
        select
            p.quarter,
            p.setting,
            p.column1,
            p.column2,
            p.effective_date,
            p.deletion_date,
            p.modifier_indicator,
            p.modifier_label,
            l.meaning as modifier_meaning,
            p.rationale,
            ncci_is_active(p.effective_date, p.deletion_date, on_date) as active,
            p.modifier_indicator = 1 as modifier_can_bypass
        from ncci_ptp as p
        inner join ncci_indicator_labels as l on l.kind = 'modifier_indicator' and p.modifier_indicator = l.code
        where
            p.quarter = ncci_quarter_on(on_date, setting_name := setting_name)
            and p.setting = setting_name
            and (
                (p.column1 = code_a and p.column2 = code_b)
                or (p.column1 = code_b and p.column2 = code_a)
            )
    )

    select * from final
    order by active desc, effective_date desc;
