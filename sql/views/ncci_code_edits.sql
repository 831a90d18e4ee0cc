-- Per HCPCS code, for analysts: every practitioner PTP edit active during the latest quarter
-- (ncci_active_edits), as column 1 and as column 2, and its MUE. The code page (code_page.v2) shows at
-- most 100 of them per direction (sql/exports/code_page_ncci.sql) and its companion file all of them.
create or replace view ncci_code_edits as
with latest as (
    select * from ncci_latest
),

edits as (
    select
        column1,
        column2,
        modifier_indicator,
        modifier_label,
        effective_date,
        deletion_date,
        rationale
    from ncci_active_edits
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
        hcpcs,
        mue
    from ncci_latest_mue
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
