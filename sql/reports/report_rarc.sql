-- One row per RARC position of the reports accepted from this file version.
insert into report_rarc
with

accepted as (
    select
        report_id,
        rarc
    from reports
    where source_file = $file_name and file_sha256 = $file_hash and len(rarc) > 0
),

final as (
    select
        report_id,
        unnest(generate_series(1, len(rarc))) as position,
        unnest(rarc) as rarc_code
    from accepted
)

select * from final
