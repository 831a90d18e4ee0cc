-- code_ptp_pairs: the active practitioner PTP edits of the latest NCCI quarter (ncci_latest) that the
-- billing tips cite, per code and direction: at most $per_code per (code, direction, modifier
-- indicator), lowest other code first (the order the code page lists them), with the full counts.
with latest as (
    select * from ncci_latest
),

edits as (
    select
        p.column1,
        p.column2,
        p.modifier_indicator,
        p.effective_date,
        p.rationale,
        l.quarter
    from ncci_ptp as p
    inner join latest as l on p.quarter = l.quarter and p.setting = l.setting
    where ncci_is_active_between(p.effective_date, p.deletion_date, l.quarter_start, l.quarter_end)
),

directed as (
    select
        column2 as hcpcs,
        'ptp_col2' as direction,
        column1 as other_code,
        *
    from edits
    union all
    select
        column1 as hcpcs,
        'ptp_col1' as direction,
        column2 as other_code,
        *
    from edits
),

ranked as (
    select
        *,
        row_number() over (
            partition by hcpcs, direction, modifier_indicator order by other_code, effective_date
        ) as pick,
        count(*) over (partition by hcpcs, direction, modifier_indicator) as edits_with_indicator
    from directed
)

select
    hcpcs,
    direction,
    quarter,
    column1,
    column2,
    modifier_indicator,
    effective_date,
    rationale,
    edits_with_indicator
from ranked
where pick <= $per_code
order by hcpcs, direction, modifier_indicator, other_code
