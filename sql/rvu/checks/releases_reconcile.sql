-- Per table of one release: rows read, loaded and rejected as recorded, against what the tables hold.
with

this_release as (
    select *
    from releases
    where release_id = $release_id
),

recorded as (
    select
        this_release.release_id,
        entry.key as table_name,
        cast(entry.value ->> 'read' as integer) as rows_read,
        cast(entry.value ->> 'loaded' as integer) as rows_loaded,
        cast(entry.value ->> 'rejected' as integer) as rows_rejected,
        entry.value ->> 'file' as source_file
    from this_release, json_each(this_release.row_counts) as entry
),

held as (
    select
        'rvu' as table_name,
        count(*) as rows_held
    from rvu
    where release_id = $release_id
    union all
    select
        'gpci' as table_name,
        count(*) as rows_held
    from gpci
    where release_id = $release_id
    union all
    select
        'locality_county' as table_name,
        count(*) as rows_held
    from locality_county
    where release_id = $release_id
    union all
    select
        'anesthesia_cf' as table_name,
        count(*) as rows_held
    from anesthesia_cf
    where release_id = $release_id
    union all
    select
        'opps_cap' as table_name,
        count(*) as rows_held
    from opps_cap
    where release_id = $release_id
),

rejected as (
    select
        source_file,
        count(*) as rows_rejected_held
    from rejected_rows
    where domain = 'cms_rvu' and partition_key = $release_id
    group by source_file
),

final as (
    select
        recorded.*,
        coalesce(held.rows_held, 0) as rows_held,
        coalesce(rejected.rows_rejected_held, 0) as rows_rejected_held
    from recorded
    left join held on recorded.table_name = held.table_name
    left join rejected on recorded.source_file = rejected.source_file
)

select * from final
order by table_name
