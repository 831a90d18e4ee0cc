-- Rebuild rvu_changes: codes added, deleted, and whose RVUs, status or indicators changed between
-- consecutive loaded releases (ordered by effective date; a correction after its release).
-- Descriptions are not compared: CMS edits their wording without any payment effect.
insert into rvu_changes (
    from_release, to_release, hcpcs, modifier, description, change_type, field, old_value, new_value
)
with

releases_ordered as (
    select
        release_id as to_release,
        lag(release_id) over (
            order by effective_from, is_correction, released_on, release_id
        ) as from_release
    from releases
),

pairs as (
    select
        from_release,
        to_release
    from releases_ordered
    where from_release is not null
),

rvu_compared as (
    select
        release_id,
        hcpcs,
        modifier,
        description,
        status_code,
        not_used_for_medicare,
        cast(work_rvu as varchar) as work_rvu,
        cast(pe_nonfacility_rvu as varchar) as pe_nonfacility_rvu,
        cast(pe_nonfacility_na as varchar) as pe_nonfacility_na,
        cast(pe_facility_rvu as varchar) as pe_facility_rvu,
        cast(pe_facility_na as varchar) as pe_facility_na,
        cast(mp_rvu as varchar) as mp_rvu,
        cast(total_nonfacility_rvu as varchar) as total_nonfacility_rvu,
        cast(total_facility_rvu as varchar) as total_facility_rvu,
        pctc_indicator,
        global_days,
        cast(preop_share as varchar) as preop_share,
        cast(intraop_share as varchar) as intraop_share,
        cast(postop_share as varchar) as postop_share,
        mult_proc_indicator,
        bilat_surg_indicator,
        asst_surg_indicator,
        co_surg_indicator,
        team_surg_indicator,
        endo_base,
        cast(conversion_factor as varchar) as conversion_factor,
        phys_supervision,
        calculation_flag,
        diag_imaging_family,
        cast(opps_pe_nonfacility_rvu as varchar) as opps_pe_nonfacility_rvu,
        cast(opps_pe_facility_rvu as varchar) as opps_pe_facility_rvu,
        cast(opps_mp_rvu as varchar) as opps_mp_rvu
    from rvu
),

rvu_fields as (
    select *
    from rvu_compared
    unpivot include nulls (
        field_value for field in (
            status_code, not_used_for_medicare, work_rvu, pe_nonfacility_rvu, pe_nonfacility_na,
            pe_facility_rvu, pe_facility_na, mp_rvu, total_nonfacility_rvu, total_facility_rvu,
            pctc_indicator, global_days, preop_share, intraop_share, postop_share, mult_proc_indicator,
            bilat_surg_indicator, asst_surg_indicator, co_surg_indicator, team_surg_indicator, endo_base,
            conversion_factor, phys_supervision, calculation_flag, diag_imaging_family,
            opps_pe_nonfacility_rvu, opps_pe_facility_rvu, opps_mp_rvu
        )
    )
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
    left join old_codes
        on
            new_codes.from_release = old_codes.from_release
            and new_codes.hcpcs = old_codes.hcpcs
            and new_codes.modifier = old_codes.modifier
    where old_codes.hcpcs is null
),

deleted as (
    select
        old_codes.*,
        'deleted' as change_type,
        null as field,
        null as old_value,
        null as new_value
    from old_codes
    left join new_codes
        on
            old_codes.to_release = new_codes.to_release
            and old_codes.hcpcs = new_codes.hcpcs
            and old_codes.modifier = new_codes.modifier
    where new_codes.hcpcs is null
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
    where old_fields.field_value is distinct from new_fields.field_value
),

final as (
    select * from added
    union all
    select * from deleted
    union all
    select * from changed
)

select * from final
