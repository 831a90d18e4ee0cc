-- Counted reports per code straight from the accepted reports (for the independent check).
select
    r.hcpcs,
    count(*) as report_count
from reports as r
where r.report_id not in (select d.report_id from code_denial_near_duplicates as d)
group by r.hcpcs
