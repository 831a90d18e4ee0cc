-- Per HCPCS code, the NCCI object of the code page (contract code_page.v2 `ncci`): the practitioner PTP
-- edits active during the latest quarter (ncci_latest), as column 1 and as column 2, and its MUE.
create or replace view ncci_code_edits as
with latest as (
    select * from ncci_latest
),

edits as (
    select
        p.column1,
        p.column2,
        p.modifier_indicator,
        p.modifier_label,
        p.effective_date,
        p.deletion_date,
        p.rationale
    from ncci_ptp as p
    inner join latest as l on p.quarter = l.quarter and p.setting = l.setting
    where ncci_is_active_between(p.effective_date, p.deletion_date, l.quarter_start, l.quarter_end)
),

as_column1 as (
    select
        column1 as hcpcs,
        -- list_sort orders by the struct's fields in turn: code, then effective date
        list_sort(list(
            struct_pack(
                column2 := column2,
                effective_date := effective_date,
                deletion_date := deletion_date,
                modifier_indicator := modifier_indicator,
                modifier_label := modifier_label,
                rationale := rationale
            )
        )) as ptp_as_column1
    from edits
    group by column1
),

as_column2 as (
    select
        column2 as hcpcs,
        -- list_sort orders by the struct's fields in turn: code, then effective date
        list_sort(list(
            struct_pack(
                column1 := column1,
                effective_date := effective_date,
                deletion_date := deletion_date,
                modifier_indicator := modifier_indicator,
                modifier_label := modifier_label,
                rationale := rationale
            )
        )) as ptp_as_column2
    from edits
    group by column2
),

mue as (
    select
        m.hcpcs,
        struct_pack(
            value := m.mue_value,
            adjudication_indicator := m.mai,
            adjudication_label := m.mai_label,
            rationale := m.rationale
        ) as mue
    from ncci_mue as m
    inner join latest as l on m.quarter = l.quarter
    where m.service_type = 'practitioner'
),

codes as (
    select hcpcs from as_column1
    union
    select hcpcs from as_column2
    union
    select hcpcs from mue
),

final as (
    select
        c.hcpcs,
        l.quarter,
        l.version,
        coalesce(a1.ptp_as_column1, []) as ptp_as_column1,
        coalesce(a2.ptp_as_column2, []) as ptp_as_column2,
        m.mue
    from codes as c
    cross join latest as l
    left join as_column1 as a1 on c.hcpcs = a1.hcpcs
    left join as_column2 as a2 on c.hcpcs = a2.hcpcs
    left join mue as m on c.hcpcs = m.hcpcs
)

select * from final;
