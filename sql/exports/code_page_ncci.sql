-- Per HCPCS code with an active edit or an MUE in the latest quarter, the code page `ncci` object
-- (code_page.v2) as JSON text: at most $page_edits active edits per direction, the most relevant first
-- (modifier indicator 0, then 1, then 9; then the other code; then the effective date), the totals of
-- every active edit per direction, and the practitioner MUE. Ranked and cut in SQL (the export never
-- holds a code's full edit list in Python). Each listed edit: the other code, modifier_indicator,
-- effective_date, and deletion_date only when the edit has one; the rationale and the rest are in
-- the companion file (sql/exports/ncci_edits_files.sql), which keeps a real quarter's pages small.
-- Run once per hash bucket of the code ($bucket of $buckets) so DuckDB ranks a slice at a time.
with both_ways as (
    select
        hcpcs,
        direction,
        other,
        modifier_indicator,
        effective_date,
        deletion_date
    from ncci_active_edges
    where hash(hcpcs) % $buckets = $bucket
),

totals as (
    select
        hcpcs,
        count(*) filter (where direction = 1) as total1,
        count(*) filter (where direction = 2) as total2
    from both_ways
    group by hcpcs
),

shown as (
    select
        hcpcs,
        direction,
        row_number() over (
            partition by hcpcs, direction order by modifier_indicator, other, effective_date
        ) as n,
        case
            when deletion_date is null
                then json_object(
                    if(direction = 1, 'column2', 'column1'), other,
                    'modifier_indicator', modifier_indicator,
                    'effective_date', effective_date
                )
            else json_object(
                if(direction = 1, 'column2', 'column1'), other,
                'modifier_indicator', modifier_indicator,
                'effective_date', effective_date,
                'deletion_date', deletion_date
            )
        end as item
    from both_ways
    qualify n <= $page_edits
),

lists as (
    select
        hcpcs,
        list(item order by n) filter (where direction = 1) as shown1,
        list(item order by n) filter (where direction = 2) as shown2
    from shown
    group by hcpcs
),

mue as (
    select
        hcpcs,
        mue
    from ncci_latest_mue
    where hash(hcpcs) % $buckets = $bucket
),

codes as (
    select hcpcs from totals
    union
    select hcpcs from mue
),

final as (
    select
        c.hcpcs,
        to_json(
            struct_pack(
                version := l.version,
                ptp_as_column1 := coalesce(s.shown1, []),
                ptp_as_column2 := coalesce(s.shown2, []),
                ptp_as_column1_total := coalesce(t.total1, 0),
                ptp_as_column2_total := coalesce(t.total2, 0),
                mue := m.mue
            )
        ) as ncci
    from codes as c
    cross join ncci_latest as l
    left join totals as t on c.hcpcs = t.hcpcs
    left join lists as s on c.hcpcs = s.hcpcs
    left join mue as m on c.hcpcs = m.hcpcs
)

select * from final
order by hcpcs
