-- One row per HCPCS code of release $release_id for its code page: the global row (modifier ''),
-- or, for a code CMS lists only with a component modifier (86153 has only a -26 row), that row;
-- with the national pricing of code_payment_summary, or of the payment view for component-only codes.
with ranked as (
    select
        *,
        row_number() over (
            partition by hcpcs
            order by
                case modifier when '' then 0 when '26' then 1 when 'TC' then 2 else 3 end,
                modifier
        ) as pick
    from rvu
    where release_id = $release_id
),

page_rows as (
    select * from ranked
    where pick = 1
),

component_only as (
    select
        p.hcpcs,
        max(p.amount) filter (where p.setting = 'nonfacility') as national_nonfacility,
        max(p.amount) filter (where p.setting = 'facility') as national_facility,
        max(p.reason) filter (where p.setting = 'nonfacility') as nonfacility_reason,
        max(p.reason) filter (where p.setting = 'facility') as facility_reason
    from payment as p
    inner join page_rows as r
        on p.release_id = r.release_id and p.hcpcs = r.hcpcs and p.modifier = r.modifier
    where p.scope = 'national' and r.modifier <> ''
    group by p.hcpcs
),

final as (
    select
        r.hcpcs,
        r.modifier as page_modifier,
        coalesce(s.description, r.description) as description,
        r.status_code,
        coalesce(s.status_label, st.label, 'unknown status') as status_label,
        coalesce(st.treatment, 'not_priced') as treatment,
        s.payable_on_fee_schedule,
        r.work_rvu,
        r.pe_nonfacility_rvu,
        r.pe_facility_rvu,
        r.mp_rvu,
        r.total_nonfacility_rvu,
        r.total_facility_rvu,
        r.pe_nonfacility_na,
        r.pe_facility_na,
        r.conversion_factor,
        r.pctc_indicator,
        r.global_days,
        r.mult_proc_indicator,
        r.bilat_surg_indicator,
        r.asst_surg_indicator,
        r.co_surg_indicator,
        r.team_surg_indicator,
        r.endo_base,
        r.phys_supervision,
        r.diag_imaging_family,
        coalesce(s.national_nonfacility, c.national_nonfacility) as national_nonfacility,
        coalesce(s.national_facility, c.national_facility) as national_facility,
        coalesce(s.nonfacility_reason, c.nonfacility_reason) as nonfacility_reason,
        coalesce(s.facility_reason, c.facility_reason) as facility_reason,
        cast(s.components as varchar) as components,
        cast(s.modifier_rules as varchar) as modifier_rules
    from page_rows as r
    left join code_payment_summary as s on r.release_id = s.release_id and r.hcpcs = s.hcpcs
    left join component_only as c on r.hcpcs = c.hcpcs
    left join pricing_status as st on r.status_code = st.status_code
)

select * from final
order by hcpcs
