-- The bookkeeping row of one intake: counts of each outcome, from intake_outcomes.
insert into intake_files
with

outcomes as (
    select outcome from intake_outcomes
    where source_file = $file_name and file_sha256 = $file_hash
),

final as (
    select
        $file_name as source_file,
        $file_hash as file_sha256,
        $key as partition_key,
        $format as file_format,
        $size as size_bytes,
        $rows as rows_read,
        count(*) filter (where outcome = 'accepted') as accepted,
        count(*) filter (where outcome = 'rejected') as rejected,
        count(*) filter (where outcome = 'quarantined_phi') as quarantined,
        count(*) filter (where outcome = 'duplicate') as duplicates,
        $non_utf8 as non_utf8_rows,
        count(*) filter (where outcome = 'quarantined_phi') > 0 as had_phi,
        $intake_at as processed_at
    from outcomes
)

select * from final
