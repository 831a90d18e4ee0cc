-- Per intake of one partition: the bookkeeping counts against what the tables actually hold.
with

files as (
    select * from intake_files
    where partition_key = $key
),

outcomes as (
    select
        source_file,
        file_sha256,
        count(*) as outcome_rows
    from intake_outcomes
    group by source_file, file_sha256
),

accepted as (
    select
        source_file,
        file_sha256,
        count(*) as report_rows,
        sum(len(carc)) as carc_positions
    from reports
    group by source_file, file_sha256
),

quarantined as (
    select
        source_file,
        file_sha256,
        count(*) as quarantine_rows
    from quarantine
    group by source_file, file_sha256
),

final as (
    select
        files.source_file,
        files.rows_read,
        files.accepted,
        files.rejected,
        files.quarantined,
        files.duplicates,
        coalesce(outcomes.outcome_rows, 0) as outcome_rows,
        coalesce(accepted.report_rows, 0) as report_rows,
        coalesce(quarantined.quarantine_rows, 0) as quarantine_rows,
        coalesce(accepted.carc_positions, 0) as carc_positions,
        (
            select count(*) from report_carc
            where report_carc.report_id in (
                select reports.report_id from reports
                where reports.source_file = files.source_file and reports.file_sha256 = files.file_sha256
            )
        ) as carc_rows
    from files
    left join outcomes
        on files.source_file = outcomes.source_file and files.file_sha256 = outcomes.file_sha256
    left join accepted
        on files.source_file = accepted.source_file and files.file_sha256 = accepted.file_sha256
    left join quarantined
        on files.source_file = quarantined.source_file and files.file_sha256 = quarantined.file_sha256
)

select * from final
