-- Top denial reasons (CARC with group code) for one code, by payer type, over counted reports
-- (accepted reports that are not near-duplicates). Internal: unsuppressed, never exported.
-- Change the code in `params`.
with params as (
    select '97110' as hcpcs
),

counted as (
    select
        r.report_id,
        r.payer_type
    from reports as r
    inner join params as p on r.hcpcs = p.hcpcs
    where r.report_id not in (select d.report_id from code_denial_near_duplicates as d)
),

reasons as (
    select
        c.payer_type,
        rc.carc,
        count(distinct c.report_id) as reports
    from counted as c
    inner join report_carc as rc on c.report_id = rc.report_id
    group by c.payer_type, rc.carc
),

final as (
    select
        r.payer_type,
        r.carc,
        r.reports,
        split_part(x.description, ' Usage:', 1) as description,
        row_number() over (
            partition by r.payer_type order by r.reports desc, r.carc asc
        ) as rank_in_payer_type
    from reasons as r
    left join x12_codes as x on x.code_type = 'CARC' and split_part(r.carc, '-', 2) = x.code
)

select * from final
where rank_in_payer_type <= 3
order by payer_type, rank_in_payer_type
