-- The counts to add: +1 per new report, -1 per new near-duplicate (a copy counts once). Every mart
-- sums `weight`, so a near-duplicate is taken back out without joining millions of report ids.
-- The fields of a report are those of marts_new (refresh/marts_new_reports.sql), in its order.
create or replace temp view marts_counted as
select
    * exclude (report_id, accepted_at),
    1 as weight
from marts_new
union all by name
select
    * exclude (report_id, accepted_at, near_duplicate_of),
    -1 as weight
from marts_dups
