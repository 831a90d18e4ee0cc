-- payment: every RVU row x place (payment_geography: localities and national) x setting, per release.
-- Fee by pfs_amount, the lower of it and the OPPS limit, rounded to cents once; status treatment and the
-- reasons from pricing_status. A setting flagged NA is priced and flagged (na_indicator).
-- See docs/pricing_rules.md; the price macro adds the modifier rules on top of this view.
create or replace view payment as
with settings as (
    select unnest(['nonfacility', 'facility']) as setting
),

coded as (
    -- the status treatment joined once per RVU row, before the rows multiply by place and setting
    select
        v.*,
        coalesce(st.treatment, 'not_priced') as treatment,
        coalesce(st.reason, 'not priced on the fee schedule') as status_reason,
        coalesce(st.label, 'unknown status') as status_label,
        st.note as status_note
    from rvu as v
    left join pricing_status as st on v.status_code = st.status_code
),

participation as (
    select
        max(factor) filter (where rule = 'nonpar') as nonpar,
        max(factor) filter (where rule = 'limiting_charge') as limiting
    from pricing_factors
),

lines as (
    select
        v.release_id,
        geo.gpci_release_id,
        geo.scope,
        geo.mac,
        geo.locality,
        geo.state,
        geo.locality_name,
        s.setting,
        v.hcpcs,
        v.modifier,
        v.description,
        v.status_code,
        v.treatment,
        v.status_reason,
        v.status_label,
        v.status_note,
        v.pctc_indicator,
        v.global_days,
        v.preop_share,
        v.intraop_share,
        v.postop_share,
        v.mult_proc_indicator,
        v.bilat_surg_indicator,
        v.asst_surg_indicator,
        v.co_surg_indicator,
        v.team_surg_indicator,
        v.work_rvu,
        v.mp_rvu,
        geo.work_gpci,
        geo.pe_gpci,
        geo.mp_gpci,
        geo.anesthesia_cf,
        v.conversion_factor,
        if(s.setting = 'facility', v.pe_facility_rvu, v.pe_nonfacility_rvu) as pe_rvu,
        if(s.setting = 'facility', v.pe_facility_na, v.pe_nonfacility_na) as na_indicator,
        if(s.setting = 'facility', v.total_facility_rvu, v.total_nonfacility_rvu) as total_rvu,
        if(s.setting = 'facility', v.opps_pe_facility_rvu, v.opps_pe_nonfacility_rvu) as opps_pe_rvu,
        v.opps_mp_rvu,
        if(s.setting = 'facility', oc.facility_price, oc.nonfacility_price) as opps_cap_amount
    from coded as v
    inner join payment_geography as geo on v.release_id = geo.release_id
    cross join settings as s
    left join opps_cap as oc
        on
            v.release_id = oc.release_id
            and v.hcpcs = oc.hcpcs
            and v.modifier = oc.modifier
            and geo.mac = oc.mac
            and geo.locality = oc.locality
),

amounts as (
    select
        *,
        pfs_amount(work_rvu, pe_rvu, mp_rvu, work_gpci, pe_gpci, mp_gpci, conversion_factor) as fee_exact,
        pfs_opps_limit(
            opps_cap_amount, work_rvu, opps_pe_rvu, opps_mp_rvu, work_gpci, pe_gpci, mp_gpci, conversion_factor
        ) as opps_limit_exact,
        treatment = 'priced' and not (status_code = 'R' and total_rvu = 0) as rvu_priced
    from lines
),

final as (
    select
        *,
        if(rvu_priced, least(fee_exact, opps_limit_exact), null) as amount_exact  -- least() skips a null limit
    from amounts
)

select
    f.release_id,
    f.gpci_release_id,
    f.scope,
    f.mac,
    f.locality,
    f.state,
    f.locality_name,
    f.setting,
    f.hcpcs,
    f.modifier,
    f.description,
    f.status_code,
    f.status_label,
    f.treatment,
    f.status_reason,
    f.status_note,
    f.pctc_indicator,
    f.global_days,
    f.preop_share,
    f.intraop_share,
    f.postop_share,
    f.mult_proc_indicator,
    f.bilat_surg_indicator,
    f.asst_surg_indicator,
    f.co_surg_indicator,
    f.team_surg_indicator,
    f.work_rvu,
    f.pe_rvu,
    f.mp_rvu,
    f.total_rvu,
    f.work_gpci,
    f.pe_gpci,
    f.mp_gpci,
    f.conversion_factor,
    f.anesthesia_cf,
    f.na_indicator,
    f.rvu_priced,
    f.fee_exact,
    f.opps_limit_exact,
    round(f.fee_exact, 2) as fee_schedule_amount,
    round(f.opps_limit_exact, 2) as opps_cap_amount,
    f.amount_exact,
    round(f.amount_exact, 2) as amount,
    -- 128-bit only here: the products of the decimal(18, 9) amount and the factors need more digits
    round(f.amount_exact::decimal(38, 9) * p.nonpar, 2) as nonpar_amount,
    round(f.amount_exact::decimal(38, 9) * p.nonpar * p.limiting, 2) as limiting_charge,
    case
        when f.treatment != 'priced' then f.status_reason
        when not f.rvu_priced then f.status_reason
        else
            'priced' || if(f.opps_limit_exact < f.fee_exact, ': OPPS cap', '')
            || if(f.na_indicator, '; ' || pfs_na_note(f.setting), '')
    end as reason
from final as f
cross join participation as p
