-- The reports that count: every accepted report of the scope except recognised near-duplicates.
create or replace temp view marts_counted as
select m.*
from marts_reports as m
left join code_denial_near_duplicates as d on m.report_id = d.report_id
where d.report_id is null
