-- One row per loaded RVU release with the dates of service it governs: [effective_from,
-- effective_to), effective_to being the date the next release or correction takes over (null =
-- still in effect). A correction (RVU25AR) supersedes its release from its own effective date on;
-- both releases stay queryable in every table by release_id.
create or replace view release_calendar as
with ordered as (
    select
        release_id,
        year,
        quarter_letter,
        is_correction,
        released_on,
        effective_from,
        loaded_at,
        lead(effective_from) over (order by effective_from, is_correction, release_id) as next_from,
        lead(release_id) over (order by effective_from, is_correction, release_id) as next_release
    from releases
),

final as (
    select
        release_id,
        year,
        quarter_letter,
        is_correction,
        released_on,
        effective_from,
        next_from as effective_to,
        next_release as superseded_by,
        loaded_at
    from ordered
)

select * from final
