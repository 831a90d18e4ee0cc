-- The reports that count: every accepted report of the scope except recognised near-duplicates.
create or replace temp view marts_counted as
select m.*
from marts_reports as m
where m.report_id not in (select d.report_id from code_denial_near_duplicates as d)
