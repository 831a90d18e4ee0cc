-- Per HCPCS code with an active edit or an MUE in the latest quarter, the code page `ncci` object
-- (code_page.v2) as JSON text: at most $page_edits active edits per direction, the most relevant first
-- (modifier indicator 0, then 1, then 9; then the other code; then the effective date), the totals of
-- every active edit per direction, and the practitioner MUE. Ranked and cut in SQL: the export never
-- holds a code's full edit list in Python.
with ranked as (
    select
        column1 as hcpcs,
        1 as direction,
        column2 as other,
        modifier_indicator,
        effective_date,
        deletion_date,
        rationale,
        row_number() over (partition by column1 order by modifier_indicator, column2, effective_date) as n
    from ncci_active_edits
    union all
    select
        column2 as hcpcs,
        2 as direction,
        column1 as other,
        modifier_indicator,
        effective_date,
        deletion_date,
        rationale,
        row_number() over (partition by column2 order by modifier_indicator, column1, effective_date) as n
    from ncci_active_edits
),

edits as (
    select
        hcpcs,
        count(*) filter (where direction = 1) as total1,
        count(*) filter (where direction = 2) as total2,
        list(
            struct_pack(
                column2 := other, modifier_indicator, effective_date, deletion_date, rationale
            ) order by n
        ) filter (where direction = 1 and n <= $page_edits) as shown1,
        list(
            struct_pack(
                column1 := other, modifier_indicator, effective_date, deletion_date, rationale
            ) order by n
        ) filter (where direction = 2 and n <= $page_edits) as shown2
    from ranked
    group by hcpcs
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
    inner join ncci_latest as l on m.quarter = l.quarter
    where m.service_type = 'practitioner'
),

codes as (
    select hcpcs from edits
    union
    select hcpcs from mue
),

final as (
    select
        c.hcpcs,
        to_json(
            struct_pack(
                version := l.version,
                ptp_as_column1 := coalesce(e.shown1, []),
                ptp_as_column2 := coalesce(e.shown2, []),
                ptp_as_column1_total := coalesce(e.total1, 0),
                ptp_as_column2_total := coalesce(e.total2, 0),
                mue := m.mue
            )
        ) as ncci
    from codes as c
    cross join ncci_latest as l
    left join edits as e on c.hcpcs = e.hcpcs
    left join mue as m on c.hcpcs = m.hcpcs
)

select * from final
order by hcpcs
