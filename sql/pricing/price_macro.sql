-- price(release, hcpcs, modifiers, mac, locality, setting [, p_rank, p_units]): ad-hoc pricing with
-- modifiers on top of the payment view; mac/locality null = national. Same rules and order as
-- pipelines/pricing/engine.py (docs/pricing_rules.md); amount null with a reason when refused.
-- noqa: disable=RF02
create or replace macro price(
    p_release, p_hcpcs, p_modifiers, p_mac, p_locality, p_setting, p_rank := 1, p_units := 1
) as table
    with place as (
        select
            p.*,
            r.bilat_surg_indicator,
            r.mult_proc_indicator,
            r.co_surg_indicator,
            r.team_surg_indicator,
            r.asst_surg_indicator,
            r.global_days,
            r.preop_share,
            r.intraop_share,
            r.postop_share,
            r.pctc_indicator
        from payment as p
        inner join rvu as r on p.release_id = r.release_id and p.hcpcs = r.hcpcs and p.modifier = r.modifier
        where
            p.release_id = p_release
            and p.hcpcs = p_hcpcs
            and p.setting = p_setting
            and coalesce(p.mac, '') = coalesce(p_mac, '')
            and coalesce(p.locality, '') = coalesce(p_locality, '')
    ),

    line as (
        select
            l.*,
            tc.amount_exact as tc_exact,
            pc.amount_exact as pc_exact,
            if(p_rank > 1, p_rank, if(list_contains(p_modifiers, '51'), 2, 1)) as line_rank,
            l.pe_rvu * l.pe_gpci * l.conversion_factor * 0.5 as half_pe
        from place as l
        left join place as tc on tc.modifier = 'TC'
        left join place as pc on pc.modifier = '26'
        where l.modifier = case
            when list_contains(p_modifiers, '26') then '26'
            when list_contains(p_modifiers, 'TC') then 'TC'
            when list_contains(p_modifiers, '53') and p_hcpcs in ('44388', '45378', 'G0105', 'G0121') then '53'
            else ''
        end
    ),

    factors as (
        select
            *,
            case
                when not list_contains(p_modifiers, '50') then 1.0
                when bilat_surg_indicator = '1' then 1.5
                when bilat_surg_indicator = '3' then 2.0
                when bilat_surg_indicator in ('0', '2') then 1.0
            end as f_bilateral,
            case
                when mult_proc_indicator = '5' and (line_rank > 1 or p_units > 1)
                    then (amount_exact - half_pe) * p_units + if(line_rank = 1, half_pe, 0)
                when line_rank > 1 and mult_proc_indicator in ('4', '6', '7') and modifier = '' and tc_exact is not null
                    then (
                        tc_exact * case mult_proc_indicator when '4' then 0.5 when '6' then 0.75 else 0.8 end
                        + pc_exact * if(mult_proc_indicator = '4', 0.95, 1.0)
                    ) * p_units
                when line_rank > 1 and mult_proc_indicator in ('4', '6', '7') and (modifier = 'TC' or pctc_indicator = '3')
                    then amount_exact * case mult_proc_indicator when '4' then 0.5 when '6' then 0.75 else 0.8 end * p_units
                when line_rank > 1 and mult_proc_indicator = '4' then amount_exact * 0.95 * p_units
                else amount_exact * p_units
            end as base_exact,
            case
                when line_rank = 1 or mult_proc_indicator not in ('1', '2', '3') then 1.0
                when line_rank >= 6 then null
                when mult_proc_indicator = '1' and line_rank >= 3 then 0.25
                else 0.5
            end as f_rank,
            case
                when list_contains(p_modifiers, '62') and co_surg_indicator in ('1', '2') then 0.625
                when list_contains(p_modifiers, '62') then null
                when list_contains(p_modifiers, 'AS') and asst_surg_indicator in ('0', '2') then 0.136
                when
                    list_has_any(p_modifiers, ['80', '81', '82']) and asst_surg_indicator in ('0', '2')
                    then 0.16
                when list_has_any(p_modifiers, ['80', '81', '82', 'AS', '66']) then null
                else 1.0
            end as f_role,
            case
                when not list_has_any(p_modifiers, ['54', '55', '56']) then 1.0
                when global_days not in ('010', '090') then null
                when list_contains(p_modifiers, '54') then preop_share + intraop_share
                when list_contains(p_modifiers, '55') then postop_share
                else preop_share
            end as f_split,
            if(list_has_any(p_modifiers, ['CQ', 'CO']), 0.85, 1.0) as f_assistant
        from line
    ),

    final as (
        select
            *,
            base_exact * f_bilateral * f_rank * f_role * f_split * f_assistant as adjusted_exact
        from factors
    )

    select
        release_id,
        hcpcs,
        p_modifiers as modifiers,
        scope,
        mac,
        locality,
        setting,
        p_units as units,
        line_rank,
        fee_schedule_amount,
        round(adjusted_exact, 2) as amount,
        round(adjusted_exact * 0.95, 2) as nonpar_amount,
        round(adjusted_exact * 0.95 * 1.15, 2) as limiting_charge,
        case
            when amount_exact is null then reason
            when list_contains(p_modifiers, '53') and modifier != '53' then 'contractor priced: -53 by report'
            when list_contains(p_modifiers, '66') then 'contractor priced: team surgery by report'
            when adjusted_exact is null then 'refused: a modifier the code''s indicators do not allow, or by report'
            else 'priced'
        end as reason
    from final
