-- Outcome of each valid row: accepted when it is the row kept in reports, else a duplicate of it.
insert into intake_outcomes
with

candidates as (
    select
        report_id,
        source_line
    from stg_report_candidates
),

kept as (
    select
        report_id,
        source_file,
        source_line,
        file_sha256
    from reports
),

matched as (
    select
        candidates.report_id,
        candidates.source_line,
        kept.source_file as kept_file,
        kept.source_line as kept_line,
        coalesce(
            kept.source_file = $file_name  -- noqa: RF02
            and kept.file_sha256 = $file_hash  -- noqa: RF02
            and kept.source_line = candidates.source_line,
            false
        ) as is_kept
    from candidates
    inner join kept on candidates.report_id = kept.report_id
),

final as (
    select
        $file_name as source_file,
        $file_hash as file_sha256,
        source_line,
        report_id,
        case when is_kept then 'accepted' else 'duplicate' end as outcome,
        case when not is_kept then 'duplicate_report_id' end as reason_code,
        case when not is_kept then 'report_id' end as field,
        case
            when not is_kept
                then
                    'report_id ' || report_id || ' was already accepted from ' || kept_file
                    || ' line ' || kept_line || '; a report counts once'
        end as message,
        case when not is_kept then 'nothing to do: a report delivered again is counted once' end as fix,
        cast(null as json) as details
    from matched
)

select * from final
