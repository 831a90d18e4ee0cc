-- Scalar parts of the price macro: which modifier the code's indicators refuse (first failure, in the
-- order of docs/pricing_rules.md step 2) and the shape of one adjustment step.
create or replace macro price_refusal(
    hcpcs, mods, components, assistants, splits, roles, therapy, pctc, has_tc, has_pc,
    bilat_surg, mult_proc, co_surg, team_surg, asst_surg, global_days
) as (
    case
        when
            (list_contains(mods, '26') and (pctc not in ('1', '6') or not has_pc))
            or (list_contains(mods, 'TC') and (pctc != '1' or not has_tc))
            then
                'modifier ' || if(list_contains(mods, '26') and (pctc not in ('1', '6') or not has_pc), '26', 'TC')
                || ' is not allowed on ' || hcpcs || ': '
                || if(
                    pctc = '1' or (pctc = '6' and list_contains(mods, '26') and not has_pc),
                    'the fee schedule file has no '
                    || if(list_contains(mods, '26') and (pctc not in ('1', '6') or not has_pc), '26', 'TC')
                    || ' row for it (PC/TC indicator ' || pctc || ')',
                    'PC/TC indicator ' || pctc || ' does not allow it'
                )
                || case
                    when has_pc and has_tc then ' (this code has rows for: 26, TC)'
                    when has_pc then ' (this code has rows for: 26)'
                    when has_tc then ' (this code has rows for: TC)'
                    else ''
                end
        when len(assistants) > 1
            then 'assistant-at-surgery modifiers cannot be combined: ' || array_to_string(assistants, ' + ')
        when len(splits) > 1
            then 'split-global modifiers 54/55/56 cannot be combined: ' || array_to_string(splits, ' + ')
        when len(roles) > 1
            then 'surgeon-role modifiers 62/66/80/81/82/AS cannot be combined: ' || array_to_string(roles, ' + ')
        when len(therapy) > 1 then 'CQ and CO cannot be combined: ' || array_to_string(therapy, ' + ')
        when list_contains(mods, '50') and bilat_surg not in ('0', '1', '2', '3')
            then
                'modifier 50 is not allowed on ' || hcpcs || ': BILAT SURG indicator ' || bilat_surg
                || ': the bilateral concept does not apply'
        when list_contains(mods, '51') and mult_proc = '9'
            then
                'modifier 51 is not allowed on ' || hcpcs
                || ': MULT PROC indicator 9: the multiple procedure concept does not apply'
        when list_contains(mods, '62') and co_surg in ('0', '9')
            then
                'modifier 62 is not allowed on ' || hcpcs || ': CO-SURG indicator ' || co_surg
                || ': co-surgeons not permitted'
        when list_contains(mods, '66') and team_surg in ('0', '9')
            then
                'modifier 66 is not allowed on ' || hcpcs || ': TEAM SURG indicator ' || team_surg
                || ': team surgery not permitted'
        when len(assistants) > 0 and asst_surg in ('1', '9')
            then
                'modifier ' || assistants[1] || ' is not allowed on ' || hcpcs || ': ASST SURG indicator '
                || asst_surg || ': '
                || if(asst_surg = '1', 'statutory restriction, never paid', 'concept does not apply')
        when len(splits) > 0 and global_days not in ('010', '090')
            then
                'modifier ' || splits[1] || ' is not allowed on ' || hcpcs || ': global period ' || global_days
                || ': split care applies to 010 and 090 day globals'
    end
);

-- One step of the breakdown (null when the step does not apply); the macro keeps the non-null ones.
create or replace macro price_step(applies, step, factor, detail, source) as (
    if(
        applies,
        struct_pack(
            step := step, factor := cast(factor as decimal(12, 4)), detail := detail, source := source
        ),
        null
    )
);

-- A percentage as the breakdown prints it: 0.5 -> '50 %'.
create or replace macro price_percent(factor) as (printf('%.0f %%', cast(factor * 100 as double)));

-- Conditions a biller must meet for the modifiers to pay (documentation, plan of care), in rule order.
create or replace macro price_notes(mods, assistants, therapy, co_surg, asst_surg, mult_proc) as (
    list_filter(
        [
            if(
                list_contains(mods, '62') and co_surg = '1',
                'co-surgery (CO-SURG 1) is paid only with documentation of medical necessity', null
            ),
            if(
                len(assistants) > 0 and asst_surg = '0',
                'assistant at surgery (ASST SURG 0) is paid only with documentation of medical necessity', null
            ),
            if(
                len(therapy) > 0 and mult_proc != '5',
                'CQ/CO apply to outpatient therapy services; this code is not an always-therapy code', null
            ),
            if(
                list_contains(mods, 'CQ') and not list_contains(mods, 'GP'),
                'CQ is reported with GP (physical therapy plan of care)', null
            ),
            if(
                list_contains(mods, 'CO') and not list_contains(mods, 'GO'),
                'CO is reported with GO (occupational therapy plan of care)', null
            )
        ],
        lambda n: n is not null
    )
);
