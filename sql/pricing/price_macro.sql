-- price(release, hcpcs, modifiers, mac, locality, setting [, p_rank, p_units]): ad-hoc pricing with
-- modifiers on top of the payment view; mac/locality null = national. Same rules, order and refusal
-- messages as pipelines/pricing/{engine,validate}.py (docs/pricing_rules.md): one row per known
-- code and place, amount null with the reason when not priced or refused.
-- noqa: disable=RF02
create or replace macro price(
    p_release, p_hcpcs, p_modifiers, p_mac, p_locality, p_setting, p_rank := 1, p_units := 1
) as table
    with given as (
        select [upper(trim(m)) for m in coalesce(p_modifiers, []) if trim(m) != ''] as raw_mods
    ),

    mods as (
        select
            [m for m, i in raw_mods if list_position(raw_mods, m) = i] as mods,
            [m for m, i in raw_mods if list_position(raw_mods, m) = i and m not in (
                '26', 'TC', '53', '50', '51', '62', '66', '80', '81', '82', 'AS', '54', '55', '56',
                'CQ', 'CO', 'GP', 'GO', 'GN'
            )] as unknown,
            [m for m, i in raw_mods if list_position(raw_mods, m) = i and m in ('26', 'TC')] as components,
            [m for m, i in raw_mods if list_position(raw_mods, m) = i and m in ('80', '81', '82', 'AS')] as assistants,
            [m for m, i in raw_mods if list_position(raw_mods, m) = i and m in ('54', '55', '56')] as splits,
            [m for m, i in raw_mods if list_position(raw_mods, m) = i and m in ('62', '66', '80', '81', '82', 'AS')]
                as roles,
            [m for m, i in raw_mods if list_position(raw_mods, m) = i and m in ('CQ', 'CO')] as therapy
        from given
    ),

    place as (
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
            r.pctc_indicator,
            if(p.setting = 'facility', r.total_facility_rvu, r.total_nonfacility_rvu) as total_rvu
        from payment as p
        inner join rvu as r on p.release_id = r.release_id and p.hcpcs = r.hcpcs and p.modifier = r.modifier
        where
            p.release_id = p_release
            and p.hcpcs = upper(trim(p_hcpcs))
            and p.setting = p_setting
            and coalesce(p.mac, '') = coalesce(p_mac, '')
            and coalesce(p.locality, '') = coalesce(p_locality, '')
    ),

    wanted as (
        select
            *,
            case
                when len(components) = 1 then components[1] when list_contains(mods, '53') then '53' else ''
            end as row_wanted
        from mods
    ),

    line as (
        -- the wanted 26/TC/53 row, else the global row (as the engine: rows.get(row_mod, base))
        select
            l.*,
            w.*,
            tc.amount_exact as tc_exact,
            pc.amount_exact as pc_exact,
            tc.modifier is not null as has_tc,
            pc.modifier is not null as has_pc,
            coalesce(l.pctc_indicator, '') as pctc,
            if(p_rank > 1, p_rank, if(list_contains(w.mods, '51'), 2, 1)) as line_rank,
            l.pe_rvu * l.pe_gpci * l.conversion_factor * 0.5 as half_pe
        from place as l
        cross join wanted as w
        left join place as tc on tc.modifier = 'TC'
        left join place as pc on pc.modifier = '26'
        where l.modifier in (w.row_wanted, '')
        qualify row_number() over (order by l.modifier = w.row_wanted desc) = 1
    ),

    checks as (
        -- validate.check: PC/TC rows, exclusive groups, then the indicators; each null when allowed
        select
            *,
            case
                when list_contains(mods, '26') and (pctc not in ('1', '6') or not has_pc) then '26'
                when list_contains(mods, 'TC') and (pctc != '1' or not has_tc) then 'TC'
            end as bad_component,
            case
                when has_pc and has_tc then ' (this code has rows for: 26, TC)'
                when has_pc then ' (this code has rows for: 26)'
                when has_tc then ' (this code has rows for: TC)'
                else ''
            end as component_rows,
            case
                when len(assistants) > 1
                    then 'assistant-at-surgery modifiers cannot be combined: ' || array_to_string(assistants, ' + ')
                when len(splits) > 1
                    then 'split-global modifiers 54/55/56 cannot be combined: ' || array_to_string(splits, ' + ')
                when len(roles) > 1
                    then
                        'surgeon-role modifiers 62/66/80/81/82/AS cannot be combined: '
                        || array_to_string(roles, ' + ')
                when len(therapy) > 1 then 'CQ and CO cannot be combined: ' || array_to_string(therapy, ' + ')
            end as exclusive_refusal,
            case
                when list_contains(mods, '50') and coalesce(bilat_surg_indicator, '') not in ('0', '1', '2', '3')
                    then
                        '50 is not allowed on ' || hcpcs || ': BILAT SURG indicator '
                        || coalesce(bilat_surg_indicator, '') || ': the bilateral concept does not apply'
                when list_contains(mods, '51') and mult_proc_indicator = '9'
                    then
                        '51 is not allowed on ' || hcpcs
                        || ': MULT PROC indicator 9: the multiple procedure concept does not apply'
                when list_contains(mods, '62') and co_surg_indicator in ('0', '9')
                    then
                        '62 is not allowed on ' || hcpcs || ': CO-SURG indicator '
                        || co_surg_indicator || ': co-surgeons not permitted'
                when list_contains(mods, '66') and team_surg_indicator in ('0', '9')
                    then
                        '66 is not allowed on ' || hcpcs || ': TEAM SURG indicator '
                        || team_surg_indicator || ': team surgery not permitted'
                when len(assistants) > 0 and asst_surg_indicator in ('1', '9')
                    then
                        assistants[1] || ' is not allowed on ' || hcpcs || ': ASST SURG indicator '
                        || asst_surg_indicator || ': '
                        || if(asst_surg_indicator = '1', 'statutory restriction, never paid', 'concept does not apply')
                when len(splits) > 0 and coalesce(global_days, '') not in ('010', '090')
                    then
                        splits[1] || ' is not allowed on ' || hcpcs || ': global period '
                        || coalesce(global_days, '') || ': split care applies to 010 and 090 day globals'
            end as indicator_refusal
        from line
    ),

    refusal as (
        -- engine order: 26+TC, status, unknown, PC/TC, exclusive, indicators, then why no amount
        select
            *,
            case
                when len(components) > 1
                    then 'refused: modifiers 26 and TC cannot be billed together; use one of them, or neither'
                when status_code = 'C'
                    then 'contractor priced: the MAC sets the amount case by case; no fee schedule amount'
                when status_code = 'B'
                    then 'not priced on the fee schedule: bundled into the services it is incident to'
                when status_code = 'E' then 'not priced on the fee schedule: excluded by regulation'
                when status_code = 'I'
                    then 'not priced on the fee schedule: not valid for Medicare, another code is used'
                when status_code = 'M' then 'not priced on the fee schedule: measurement code for reporting only'
                when status_code = 'N' then 'not priced on the fee schedule: not covered by Medicare'
                when status_code = 'P'
                    then 'not priced on the fee schedule: bundled or paid under another payment provision'
                when status_code = 'X' then 'not priced on the fee schedule: statutory exclusion'
                when coalesce(status_code, '') not in ('A', 'T', 'R', 'J') then 'not priced on the fee schedule'
                when len(unknown) > 0
                    then
                        'refused: modifier ' || array_to_string(unknown, ', ')
                        || ' is not one the calculator prices; supported modifiers: '
                        || '26 TC 53 50 51 62 66 80 81 82 AS 54 55 56 CQ CO GP GO GN'
                when bad_component is not null
                    then
                        'refused: modifier ' || bad_component || ' is not allowed on ' || hcpcs || ': '
                        || if(
                            pctc = '1' or (pctc = '6' and bad_component = '26'),
                            'the fee schedule file has no ' || bad_component || ' row for it (PC/TC indicator ' || pctc || ')',
                            'PC/TC indicator ' || pctc || ' does not allow it'
                        )
                        || component_rows || '; drop the modifier'
                when exclusive_refusal is not null then 'refused: ' || exclusive_refusal || '; keep one of them'
                when indicator_refusal is not null then 'refused: modifier ' || indicator_refusal || '; drop the modifier'
                when status_code = 'J'
                    then
                        'anesthesia (status J): amount = (base units + time units) x the locality anesthesia CF; '
                        || 'the RVU file carries no base units: use medpay price --base-units N --time-units N'
                when row_wanted = '53' and modifier != '53'
                    then 'contractor priced: -53 has its own RVUs only for 44388, 45378, G0105, G0121 [RVU25D]'
                when status_code = 'R' and not total_rvu
                    then
                        'contractor priced: restricted-coverage code with no RVUs on the fee schedule; '
                        || 'if covered, the MAC sets the amount'
                when setting_na
                    then
                        'not priced in the ' || setting || ' setting: CMS flags it NA (rarely or never done there); '
                        || 'try ' || if(setting = 'facility', 'nonfacility', 'facility')
                when list_contains(mods, '66')
                    then 'contractor priced: team surgery (-66) is paid by report [RVU25D TEAM SURG]'
                when line_rank >= 6 and mult_proc_indicator in ('1', '2', '3')
                    then
                        'contractor priced: the ' || line_rank
                        || 'th procedure of the day is paid by report [RVU25D MULT PROC]'
            end as refused
        from checks
    ),

    factors as (
        select
            *,
            case
                when not list_contains(mods, '50') then 1.0
                when bilat_surg_indicator = '1' then 1.5
                when bilat_surg_indicator = '3' then 2.0
                else 1.0
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
                when mult_proc_indicator = '1' and line_rank >= 3 then 0.25
                else 0.5
            end as f_rank,
            case
                when list_contains(mods, '62') then 0.625
                when list_contains(mods, 'AS') then 0.136
                when len(assistants) > 0 then 0.16
                else 1.0
            end as f_role,
            case
                when list_contains(mods, '54') then preop_share + intraop_share
                when list_contains(mods, '55') then postop_share
                when list_contains(mods, '56') then preop_share
                else 1.0
            end as f_split,
            if(len(therapy) > 0, 0.85, 1.0) as f_assistant
        from refusal
    ),

    final as (
        select
            *,
            if(refused is null, base_exact * f_bilateral * f_rank * f_role * f_split * f_assistant, null)
                as adjusted_exact
        from factors
    )

    select
        release_id,
        hcpcs,
        mods as modifiers,
        modifier as row_modifier,
        scope,
        mac,
        locality,
        setting,
        p_units as units,
        line_rank,
        if(refused like 'refused:%', null, fee_schedule_amount) as fee_schedule_amount,
        round(adjusted_exact, 2) as amount,
        round(adjusted_exact * 0.95, 2) as nonpar_amount,
        round(adjusted_exact * 0.95 * 1.15, 2) as limiting_charge,
        coalesce(refused, reason) as reason
    from final
