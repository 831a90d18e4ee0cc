-- One row per (PPRRVU track, loaded RVU release) with the dates of service it governs:
-- [effective_from, effective_to), effective_to being when the next release or correction takes
-- over, or 1 January of the next year (a CY release never governs the next year's services). Tracks: NONQPP (the standard conversion factor) and QPP
-- (qualifying APM participants); releases before 2026 carry no track and serve both. A correction
-- (RVU25AR) supersedes its release from its own effective date on; both stay queryable by release_id.
create or replace view release_calendar as
with tracks as (
    select unnest(['NONQPP', 'QPP']) as track
),

tracked as (
    select
        release_id,
        year,
        quarter_letter,
        is_correction,
        released_on,
        effective_from,
        loaded_at,
        nullif(regexp_extract(release_id, '_(QPP|NONQPP)$', 1), '') as variant
    from releases
),

ordered as (
    select
        tracks.track,
        tracked.release_id,
        tracked.year,
        tracked.quarter_letter,
        tracked.is_correction,
        tracked.released_on,
        tracked.effective_from,
        tracked.loaded_at,
        lead(tracked.effective_from) over (
            partition by tracks.track
            order by tracked.effective_from, tracked.is_correction, tracked.release_id
        ) as next_from,
        lead(tracked.release_id) over (
            partition by tracks.track
            order by tracked.effective_from, tracked.is_correction, tracked.release_id
        ) as next_release
    from tracks
    inner join tracked
        on tracks.track = tracked.variant or tracked.variant is null
),

final as (
    select
        track,
        release_id,
        year,
        quarter_letter,
        is_correction,
        released_on,
        effective_from,
        case
            when next_from < make_date(year + 1, 1, 1) then next_from else make_date(year + 1, 1, 1)
        end as effective_to,
        next_release as superseded_by,
        loaded_at
    from ordered
)

select * from final
