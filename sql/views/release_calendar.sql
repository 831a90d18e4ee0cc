-- One row per (PPRRVU track, loaded RVU release): the dates of service it governs and its place in
-- the track. The one place the track rule lives (release_in_effect, rvu_changes and the row-count
-- check read it). Tracks: NONQPP (the standard conversion factor) and QPP (qualifying APM
-- participants); from 2026 a release id carries its track (RVU26A_QPP), releases before 2026 carry
-- none and serve both, so RVU25D precedes both RVU26A_NONQPP and RVU26A_QPP. Order within a track:
-- effective date, a correction (RVU25AR) right after its release. [effective_from, effective_to):
-- effective_to is when the next release or correction takes over, at the latest 1 January of the
-- next year (a CY release never governs the next year's services). A correction supersedes its
-- release from its own effective date on; both stay queryable by release_id.
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
        tracked.*,
        lag(tracked.release_id) over track_order as previous_release,
        lead(tracked.effective_from) over track_order as next_from,
        lead(tracked.release_id) over track_order as next_release
    from tracks
    inner join tracked
        on tracks.track = tracked.variant or tracked.variant is null
    window track_order as (
        partition by tracks.track
        order by tracked.effective_from, tracked.is_correction, tracked.released_on, tracked.release_id
    )
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
        least(coalesce(next_from, make_date(year + 1, 1, 1)), make_date(year + 1, 1, 1)) as effective_to,
        next_release as superseded_by,
        previous_release,
        loaded_at
    from ordered
)

select * from final;
