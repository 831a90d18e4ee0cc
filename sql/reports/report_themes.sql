-- The themes of the reports accepted from this file version, one row per field and theme.
insert into report_themes
with

accepted as (
    select
        reports.report_id,
        stg.reason_themes,
        stg.appeal_themes
    from reports
    inner join stg_report_candidates as stg
        on reports.report_id = stg.report_id and reports.source_line = stg.source_line
    where reports.source_file = $file_name and reports.file_sha256 = $file_hash  -- noqa: RF02
),

reason as (
    select
        report_id,
        'denial_reason_text' as field,
        unnest(reason_themes) as theme
    from accepted
),

appeal as (
    select
        report_id,
        'appeal_strategy_text' as field,
        unnest(appeal_themes) as theme
    from accepted
),

final as (
    select * from reason
    union all
    select * from appeal
)

select distinct * from final
