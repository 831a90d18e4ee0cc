-- Rows of rvu in one release and in the release before it (by effective date, corrections after).
with

releases_ordered as (
    select
        release_id,
        lag(release_id) over (
            order by effective_from, is_correction, released_on, release_id
        ) as previous_release
    from releases
    where json_extract(row_counts, '$.rvu.file') is not null
),

counts as (
    select
        rvu.release_id,
        count(*) as row_count
    from rvu
    group by rvu.release_id
),

joined as (
    select
        releases_ordered.release_id,
        current_counts.row_count,
        releases_ordered.previous_release,
        previous_counts.row_count as previous_row_count
    from releases_ordered
    left join counts as current_counts on releases_ordered.release_id = current_counts.release_id
    left join counts as previous_counts on releases_ordered.previous_release = previous_counts.release_id
),

final as (
    select *
    from joined
    where release_id = $release_id
)

select * from final
