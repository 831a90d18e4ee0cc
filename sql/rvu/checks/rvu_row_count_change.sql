-- Rows of rvu in one release and in the release before it in the same PPRRVU track
-- (release_calendar: RVU26A_QPP follows RVU25D, never RVU26A_NONQPP; a correction follows its release).
with

previous as (
    select distinct
        release_id,
        previous_release
    from release_calendar
    where release_id = $release_id
),

counts as (
    select
        release_id,
        count(*) as row_count
    from rvu
    group by release_id
),

final as (
    select
        previous.release_id,
        current_counts.row_count,
        previous.previous_release,
        previous_counts.row_count as previous_row_count
    from previous
    left join counts as current_counts on previous.release_id = current_counts.release_id
    left join counts as previous_counts on previous.previous_release = previous_counts.release_id
)

select * from final
order by previous_release
