-- Rebuild rvu_changes: codes added, deleted, and whose RVUs, status or indicators changed between
-- consecutive loaded releases of the same PPRRVU track (release_calendar: by effective date, a
-- correction right after its release; RVU25D precedes both RVU26A_NONQPP and RVU26A_QPP, which are
-- never compared with each other). Field values come from the rvu_fields view. pricing_indicator
-- (PRIC IND, a column from CY2026 on) is compared only when both releases' files have the column (a
-- release has it when any of its rows has a value): RVU25D -> RVU26A lists no change for it.
insert into rvu_changes (
    from_release, to_release, hcpcs, modifier, description, change_type, field, old_value, new_value
)
with

pairs as (
    select distinct
        previous_release as from_release,
        release_id as to_release
    from release_calendar
    where previous_release is not null
),

layouts as (
    select
        release_id,
        count(pricing_indicator) > 0 as has_pricing_indicator
    from rvu
    group by release_id
),

old_codes as (
    select
        pairs.from_release,
        pairs.to_release,
        rvu.hcpcs,
        rvu.modifier,
        rvu.description
    from pairs
    inner join rvu on pairs.from_release = rvu.release_id
),

new_codes as (
    select
        pairs.from_release,
        pairs.to_release,
        rvu.hcpcs,
        rvu.modifier,
        rvu.description
    from pairs
    inner join rvu on pairs.to_release = rvu.release_id
),

added as (
    select
        new_codes.*,
        'added' as change_type,
        null as field,
        null as old_value,
        null as new_value
    from new_codes
    anti join old_codes
        on
            new_codes.from_release = old_codes.from_release
            and new_codes.to_release = old_codes.to_release
            and new_codes.hcpcs = old_codes.hcpcs
            and new_codes.modifier = old_codes.modifier
),

deleted as (
    select
        old_codes.*,
        'deleted' as change_type,
        null as field,
        null as old_value,
        null as new_value
    from old_codes
    anti join new_codes
        on
            old_codes.from_release = new_codes.from_release
            and old_codes.to_release = new_codes.to_release
            and old_codes.hcpcs = new_codes.hcpcs
            and old_codes.modifier = new_codes.modifier
),

changed as (
    select
        pairs.from_release,
        pairs.to_release,
        new_fields.hcpcs,
        new_fields.modifier,
        new_fields.description,
        'changed' as change_type,
        new_fields.field,
        old_fields.field_value as old_value,
        new_fields.field_value as new_value
    from pairs
    inner join rvu_fields as old_fields on pairs.from_release = old_fields.release_id
    inner join rvu_fields as new_fields
        on
            pairs.to_release = new_fields.release_id
            and old_fields.hcpcs = new_fields.hcpcs
            and old_fields.modifier = new_fields.modifier
            and old_fields.field = new_fields.field
    inner join layouts as old_layout on pairs.from_release = old_layout.release_id
    inner join layouts as new_layout on pairs.to_release = new_layout.release_id
    where
        old_fields.field_value is distinct from new_fields.field_value
        and (
            new_fields.field != 'pricing_indicator'
            or (old_layout.has_pricing_indicator and new_layout.has_pricing_indicator)
        )
)

select * from added
union all
select * from deleted
union all
select * from changed
