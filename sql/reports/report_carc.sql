-- Split the CARCs of the reports accepted from this file version into one row per position.
insert into report_carc
with

accepted as (
    select
        report_id,
        carc
    from reports
    where source_file = $file_name and file_sha256 = $file_hash
),

positions as (
    select
        report_id,
        unnest(generate_series(1, len(carc))) as position,
        unnest(carc) as carc
    from accepted
),

final as (
    select
        report_id,
        position,
        split_part(carc, '-', 1) as group_code,
        split_part(carc, '-', 2) as carc_code,
        carc
    from positions
)

select * from final
