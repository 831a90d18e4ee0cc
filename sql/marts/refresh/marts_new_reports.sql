-- The accepted reports to add to the marts: every report of a code being rebuilt, only the ones
-- accepted since the last build for a code being added to (the constant lower bound lets DuckDB
-- skip every older row group instead of joining millions of rows). Absent values are named here.
create or replace temp view marts_new_reports as
with rebuilt as (
    select r.*
    from reports as r
    where r.hcpcs in (
        select s.hcpcs from marts_scope as s
        where s.mode = 'rebuild'
    )
),

added as (
    select r.*
    from reports as r
    inner join marts_scope as s on r.hcpcs = s.hcpcs
    where
        s.mode = 'add'
        and r.accepted_at > s.built_until
        and r.accepted_at > (
            select min(b.built_until) from marts_scope as b
            where b.mode = 'add'
        )
),

new_reports as (
    select * from rebuilt
    union all
    select * from added
)

select
    report_id,
    accepted_at,
    hcpcs,
    contributor_id,
    payer_type,
    state,
    denial_month,
    carc,
    rarc,
    modifiers,
    coalesce(place_of_service, 'unknown') as place_of_service,
    coalesce(appeal_status, 'unknown') as appeal_status,
    coalesce(appeal_strategy, 'unspecified') as appeal_strategy
from new_reports
