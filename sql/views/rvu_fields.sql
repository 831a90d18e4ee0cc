-- rvu in long form: one row per (release_id, hcpcs, modifier, field) for every payment field that
-- rvu_changes compares, the value as text (decimals keep their scale, null kept). The description
-- is carried along but not compared: CMS edits its wording without any payment effect. Nor is
-- extra_columns (columns CMS added that the pipeline does not know yet). pricing_indicator (PRIC IND,
-- CY2026 on) is listed; rvu_changes compares it only between releases whose files both have it.
create or replace view rvu_fields as
with rvu_compared as (
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
        cast(opps_mp_rvu as varchar) as opps_mp_rvu,
        pricing_indicator
    from rvu
)

select *
from rvu_compared
unpivot include nulls (
    field_value for field in (
        status_code, not_used_for_medicare, work_rvu, pe_nonfacility_rvu, pe_nonfacility_na,
        pe_facility_rvu, pe_facility_na, mp_rvu, total_nonfacility_rvu, total_facility_rvu,
        pctc_indicator, global_days, preop_share, intraop_share, postop_share, mult_proc_indicator,
        bilat_surg_indicator, asst_surg_indicator, co_surg_indicator, team_surg_indicator, endo_base,
        conversion_factor, phys_supervision, calculation_flag, diag_imaging_family,
        opps_pe_nonfacility_rvu, opps_pe_facility_rvu, opps_mp_rvu, pricing_indicator
    )
);
