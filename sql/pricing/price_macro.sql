-- price_lines(p_lines): THE implementation of the modifier, status and order-of-application rules on
-- the payment view (docs/pricing_rules.md). p_lines: list of {line_id, release_id, hcpcs, modifiers,
-- mac, locality, setting, rank, units, base_units, time_units, subtract}; mac/locality null = national.
-- price(...) at the end prices one line.
-- noqa: disable=RF02,RF03
create or replace macro price_lines(p_lines) as table
    with requests as (
        select
            l.line_id,
            l.release_id,
            upper(trim(l.hcpcs)) as hcpcs,
            [upper(trim(m)) for m in coalesce(l.modifiers, []::varchar[]) if trim(m) != ''] as raw_mods,
            l.mac,
            l.locality,
            l.setting,
            l.rank as line_rank_given,
            greatest(coalesce(l.units, 1), 1) as unit_count,
            coalesce(l.units, 1) as units,
            (l.base_units)::decimal(9, 3) as base_units,
            (l.time_units)::decimal(9, 3) as time_units,
            (l.subtract)::decimal(18, 6) as line_subtract
        from (select unnest(p_lines) as l) as u
    ),

    rules as (
        select
            map(list(modifier), list(kind)) as kinds,
            map(list(modifier), list(factor)) as factors,
            map(list(modifier), list(source)) as sources,
            'supported modifiers: ' || string_agg(modifier, ' ' order by display_order) as supported_hint
        from pricing_modifier_rules
    ),

    classified as (
        -- each line's modifiers (de-duplicated, in order), sorted by pricing_modifier_rules
        select
            r.* exclude (raw_mods),
            q.kinds,
            q.factors,
            q.sources,
            q.supported_hint,
            [m for m, i in r.raw_mods if list_position(r.raw_mods, m) = i] as mods
        from requests as r
        cross join rules as q
    ),

    grouped as (
        select
            * exclude (kinds, factors, sources),
            [m for m in mods if kinds[m] is null] as unknown,
            [m for m in mods if m in ('26', 'TC')] as components,
            [m for m in mods if kinds[m] = 'assistant'] as assistants,
            [m for m in mods if kinds[m] = 'split'] as splits,
            [m for m in mods if kinds[m] in ('co_surgeon', 'team', 'assistant')] as roles,
            [m for m in mods if kinds[m] = 'therapy_assistant'] as therapy,
            [m for m in mods if kinds[m] in ('co_surgeon', 'assistant')][1] as role_modifier,
            factors,
            sources
        from classified
    ),

    wanted as (
        select
            * exclude (factors, sources, role_modifier),
            if(role_modifier is null, null, factors[role_modifier]) as role_factor,
            if(role_modifier is null, null, sources[role_modifier]) as role_source,
            if(len(therapy) = 0, null, factors[therapy[1]]) as therapy_factor,
            if(len(therapy) = 0, null, sources[therapy[1]]) as therapy_source,
            case
                when len(components) = 1 then components[1] when list_contains(mods, '53') then '53' else ''
            end as row_wanted,
            coalesce(line_rank_given, if(list_contains(mods, '51'), 2, 1)) as line_rank
        from grouped
    ),

    matched as (
        -- payment rows of each line's code and place; national lines (mac/locality null) apart, so
        -- they never compute the ~4 M locality amounts
        select
            w.*,
            p.* exclude (release_id, hcpcs, setting, mac, locality)
        from wanted as w
        inner join payment as p
            on w.release_id = p.release_id and w.hcpcs = p.hcpcs and w.setting = p.setting
        where w.mac is null and w.locality is null and p.scope = 'national'
        union all
        select
            w.*,
            p.* exclude (release_id, hcpcs, setting, mac, locality)
        from wanted as w
        inner join payment as p
            on
                w.release_id = p.release_id and w.hcpcs = p.hcpcs and w.setting = p.setting
                and w.mac = p.mac and w.locality = p.locality
        where p.scope = 'locality'
    ),

    place as (
        select
            *,
            least(fee_exact, opps_limit_exact) as capped_exact
        from matched
    ),

    per_line as (
        -- the row each line is priced from (its 26/TC/53 row, else the global row) and its TC/26 amounts
        select
            line_id,
            coalesce(max(modifier) filter (where modifier = row_wanted), '') as chosen,
            bool_or(modifier = 'TC') as has_tc,
            bool_or(modifier = '26') as has_pc,
            max(capped_exact) filter (where modifier = 'TC') as tc_capped_exact,
            max(fee_exact) filter (where modifier = '26') as pc_fee_exact
        from place
        group by line_id
    ),

    line as (
        select
            l.*,
            c.* exclude (line_id, chosen),
            if(l.scope = 'national', 'national', l.mac || '-' || l.locality) as place_label
        from place as l
        inner join per_line as c on l.line_id = c.line_id and l.modifier = c.chosen
    ),

    constants as (
        select
            max(factor) filter (where rule = 'therapy_pe') as f_therapy_pe,
            max(source) filter (where rule = 'therapy_pe') as therapy_pe_source,
            max(factor) filter (where rule = 'nonpar') as f_nonpar,
            max(factor) filter (where rule = 'limiting_charge') as f_limiting,
            max(rank) filter (where rule = 'by_report_from_rank') as by_report_from
        from pricing_factors
    ),

    last_rank as (
        select
            indicator,
            max(rank) as max_rank
        from pricing_factors
        where rule = 'multiple_procedure'
        group by indicator
    ),

    rated as (
        -- the percentages of pricing_factors that this row's indicators select
        select
            l.*,
            c.*,
            bi.factor as f_bilateral,
            bi.source as bilateral_source,
            mp.factor as f_rank,
            mp.source as rank_source,
            dt.factor as f_diagnostic_tc,
            dp.factor as f_diagnostic_pc,
            case l.mult_proc_indicator
                when '4' then 'diagnostic imaging'
                when '6' then 'diagnostic cardiovascular'
                when '7' then 'diagnostic ophthalmology'
            end as diagnostic_label
        from line as l
        cross join constants as c
        left join pricing_factors as bi on bi.rule = 'bilateral' and l.bilat_surg_indicator = bi.indicator
        left join last_rank as lr on l.mult_proc_indicator = lr.indicator
        left join pricing_factors as mp
            on
                mp.rule = 'multiple_procedure'
                and l.mult_proc_indicator = mp.indicator
                and mp.rank = least(l.line_rank, lr.max_rank)
        left join pricing_factors as dt on dt.rule = 'diagnostic_tc' and l.mult_proc_indicator = dt.indicator
        left join pricing_factors as dp on dp.rule = 'diagnostic_pc' and l.mult_proc_indicator = dp.indicator
    ),

    refusals as (
        select
            *,
            case
                when len(components) > 1 then 'modifiers 26 and TC cannot be billed together'
                when treatment in ('not_priced', 'contractor') then null
                when len(unknown) > 0
                    then 'modifier ' || array_to_string(unknown, ', ') || ' is not one the calculator prices'
                else price_refusal(
                    hcpcs, mods, components, assistants, splits, roles, therapy, pctc_indicator, has_tc, has_pc,
                    bilat_surg_indicator, mult_proc_indicator, co_surg_indicator, team_surg_indicator,
                    asst_surg_indicator, global_days
                )
            end as refusal
        from rated
    ),

    outcome as (
        select
            *,
            case
                when refusal is null then null
                when len(components) > 1 then 'use one of them, or neither'
                when len(unknown) > 0 then supported_hint
                when refusal like '%cannot be combined%' then 'keep one of them'
                else 'drop the modifier'
            end as hint,
            case
                when refusal is not null then null
                when treatment in ('not_priced', 'contractor')
                    then coalesce(status_reason, 'not priced on the fee schedule')
                when treatment = 'anesthesia' and (base_units is null or time_units is null) then status_reason
                when treatment = 'anesthesia' and anesthesia_cf is null
                    then 'no anesthesia conversion factor loaded for ' || place_label
                when treatment = 'anesthesia' then null
                when row_wanted = '53' and modifier != '53'
                    then 'contractor priced: -53 has its own RVUs only for 44388, 45378, G0105, G0121 [RVU25D]'
                when not rvu_priced then status_reason
                when list_contains(mods, '66')
                    then 'contractor priced: team surgery (-66) is paid by report [RVU25D TEAM SURG]'
                when mult_proc_indicator in ('1', '2', '3') and line_rank >= by_report_from
                    then
                        'contractor priced: the ' || line_rank
                        || 'th procedure of the day is paid by report [RVU25D MULT PROC]'
            end as unpriced_reason,
            refusal is null and treatment = 'priced' and rvu_priced and not (row_wanted = '53' and modifier != '53')
                as on_rvu_path
        from refusals
    ),

    steps as (
        -- the amount, step by step in the order of docs/pricing_rules.md (4 to 10)
        select
            *,
            mult_proc_indicator = '5' and (unit_count > 1 or line_rank > 1) as therapy_mppr,
            if(line_rank = 1, 1, 0) as full_units,
            -- least() skips a null OPPS limit
            least(
                pfs_amount(work_rvu, pe_rvu * f_therapy_pe, mp_rvu, work_gpci, pe_gpci, mp_gpci, conversion_factor),
                opps_limit_exact
            ) as therapy_reduced_exact,
            opps_limit_exact < fee_exact as cap_hit,
            if(list_contains(mods, '50'), f_bilateral, 1) as bilateral_factor,
            case
                when line_rank = 1 or mult_proc_indicator not in ('4', '6', '7') then null
                when modifier = 'TC' or (modifier = '' and pctc_indicator = '3') then 'tc'
                when modifier = '26' or (modifier = '' and pctc_indicator = '2') then 'pc'
                when has_tc and has_pc then 'components'
                else 'whole'
            end as diagnostic,
            if(mult_proc_indicator in ('1', '2', '3') and line_rank > 1, f_rank, 1) as rank_factor,
            case
                when splits[1] = '54' then preop_share + intraop_share
                when splits[1] = '55' then postop_share
                when splits[1] = '56' then preop_share
            end as split_share,
            coalesce(line_subtract, 0) as subtract,
            on_rvu_path and unpriced_reason is null as priced_line,
            base_units + time_units as anesthesia_units
        from outcome
    ),

    amounts as (
        select
            *,
            case
                when therapy_mppr
                    then capped_exact * full_units + therapy_reduced_exact * (unit_count - full_units)
                else capped_exact * unit_count
            end * bilateral_factor as after_bilateral
        from steps
    ),

    adjusted as (
        select
            *,
            case diagnostic
                when 'tc' then after_bilateral * f_diagnostic_tc
                when 'pc' then after_bilateral * f_diagnostic_pc
                when 'whole' then after_bilateral * f_diagnostic_tc
                when 'components'  -- cast: DuckDB 1.4 overflows decimal(18)
                    then (tc_capped_exact * f_diagnostic_tc + pc_fee_exact * f_diagnostic_pc)::decimal(38, 13) * unit_count * bilateral_factor
                else after_bilateral
            end as after_diagnostic
        from amounts
    ),

    final as (
        select
            *,
            case
                when refusal is not null or unpriced_reason is not null then null
                when treatment = 'anesthesia' then anesthesia_units * anesthesia_cf
                else
                    -- casts keep decimals within 38 digits (amount <= 18 decimals, the factors' product <= 12)
                    (if(subtract != 0, greatest(after_diagnostic - subtract, 0), after_diagnostic))::decimal(38, 18)
                    * (rank_factor * coalesce(role_factor, 1) * coalesce(split_share, 1) * coalesce(therapy_factor, 1))::decimal(18, 12)
            end as line_exact,
            list_filter(
                [
                    price_step(
                        treatment = 'anesthesia' and refusal is null and unpriced_reason is null, 'anesthesia units', anesthesia_units,
                        printf('%g base + %g time units', base_units::double, time_units::double),
                        'ANES file; RVU25D p.2'
                    ),
                    price_step(
                        priced_line and therapy_mppr, 'therapy MPPR', null,
                        (unit_count - full_units) || ' of ' || unit_count || ' unit(s) at '
                        || price_percent(f_therapy_pe) || ' of the PE',
                        therapy_pe_source
                    ),
                    price_step(
                        priced_line and not therapy_mppr and unit_count > 1, 'units', unit_count,
                        'x ' || unit_count || ' units', 'claim line units'
                    ),
                    price_step(
                        priced_line and cap_hit, 'OPPS cap', null, 'paid at the OPPS amount, lower than the PFS amount',
                        'DRA 2005 s.5102(b); RVU25D p.2'
                    ),
                    price_step(
                        priced_line and list_contains(mods, '50'), 'bilateral (-50)', f_bilateral,
                        'BILAT SURG ' || bilat_surg_indicator || ': ' || price_percent(f_bilateral) || ' of one side',
                        bilateral_source
                    ),
                    price_step(
                        priced_line and diagnostic is not null, 'multiple procedure: ' || diagnostic_label,
                        case diagnostic
                            when 'tc' then f_diagnostic_tc when 'pc' then f_diagnostic_pc when 'whole' then f_diagnostic_tc
                        end,
                        case diagnostic
                            when 'tc' then 'TC at ' || price_percent(f_diagnostic_tc)
                            when 'pc' then 'PC at ' || price_percent(f_diagnostic_pc)
                            when 'whole' then 'whole service at ' || price_percent(f_diagnostic_tc) || ' (no component rows)'
                            else
                                'global = TC at ' || price_percent(f_diagnostic_tc) || ' + PC at '
                                || price_percent(f_diagnostic_pc) || ' (component rows)'
                        end,
                        'RVU25D MULT PROC 4/6/7'
                    ),
                    price_step(
                        priced_line and subtract != 0, 'multiple endoscopy', null,
                        'base endoscopy amount subtracted (same family)', 'RVU25D MULT PROC 3'
                    ),
                    price_step(
                        priced_line and rank_factor != 1, 'multiple procedure (-51)', rank_factor,
                        'rank ' || line_rank || ': ' || price_percent(rank_factor) || ' (MULT PROC '
                        || mult_proc_indicator || ')',
                        rank_source
                    ),
                    price_step(
                        priced_line and list_contains(mods, '62'), 'co-surgeon (-62)', role_factor,
                        printf('%g %% to each surgeon', (role_factor * 100)::double), role_source
                    ),
                    price_step(
                        priced_line and len(assistants) > 0, 'assistant at surgery (-' || assistants[1] || ')',
                        role_factor,
                        if(assistants[1] = 'AS', '85 % of 16 %', price_percent(role_factor) || ' of the surgery'),
                        role_source
                    ),
                    price_step(
                        priced_line and len(splits) > 0, 'split global (-' || splits[1] || ')', split_share,
                        printf('%.2f %% of the global package', (split_share * 100)::double),
                        'RVU25D PRE/INTRA/POST OP'
                    ),
                    price_step(
                        priced_line and len(therapy) > 0, 'therapy assistant (-' || therapy[1] || ')',
                        therapy_factor, price_percent(therapy_factor) || ' of the amount', therapy_source
                    )
                ],
                lambda a: a is not null
            ) as adjustments,
            if(
                refusal is null and treatment in ('priced', 'anesthesia'),
                price_notes(mods, assistants, therapy, co_surg_indicator, asst_surg_indicator, mult_proc_indicator)
                || if(on_rvu_path and status_note is not null, [status_note], []),
                []
            ) as notes
        from adjusted
    )

    select
        final.line_id,
        final.release_id,
        final.hcpcs,
        final.mods as modifiers,
        final.modifier as row_modifier,
        final.scope,
        final.mac,
        final.locality,
        final.locality_name,
        final.setting,
        final.units,
        final.line_rank,
        final.status_code,
        final.status_label,
        final.description,
        final.na_indicator,
        if(final.on_rvu_path, round(final.fee_exact, 2), null) as fee_schedule_amount,
        final.line_exact as amount_exact,
        round(final.line_exact, 2) as amount,
        round(final.line_exact::decimal(38, 20) * final.f_nonpar, 2) as nonpar_amount,
        round(final.line_exact::decimal(38, 20) * final.f_nonpar * final.f_limiting, 2) as limiting_charge,
        case
            when final.refusal is not null then 'refused: ' || final.refusal || '; ' || final.hint
            when final.unpriced_reason is not null then final.unpriced_reason
            else
                'priced: '
                || coalesce(nullif(array_to_string([a.step for a in final.adjustments], ', '), ''), 'fee schedule amount')
                || if(final.on_rvu_path and final.na_indicator, '; ' || pfs_na_note(final.setting), '')
        end as reason,
        final.refusal,
        final.hint,
        final.adjustments,
        final.notes,
        final.work_rvu,
        final.pe_rvu,
        final.mp_rvu,
        final.work_gpci,
        final.pe_gpci,
        final.mp_gpci,
        final.gpci_release_id,
        if(treatment = 'anesthesia', final.anesthesia_cf, conversion_factor) as conversion_factor
    from final;

-- price(...): one line (signature in docs/pricing_rules.md, stable); mac/locality null = national.
create or replace macro price(
    p_release, p_hcpcs, p_modifiers, p_mac, p_locality, p_setting,
    p_rank := null, p_units := 1, p_base_units := null, p_time_units := null, p_subtract := null
) as table
    select * exclude (line_id)
    from price_lines([{
        'line_id': 1,
        'release_id': p_release::varchar,
        'hcpcs': p_hcpcs::varchar,
        'modifiers': (coalesce(p_modifiers, []))::varchar[],
        'mac': p_mac::varchar,
        'locality': p_locality::varchar,
        'setting': p_setting::varchar,
        'rank': p_rank::integer,
        'units': p_units::integer,
        'base_units': p_base_units::decimal(9, 3),
        'time_units': p_time_units::decimal(9, 3),
        'subtract': p_subtract::decimal(18, 6)
    }])
