-- A few new reports (an incremental refresh): copied once, since every mart reads them.
create or replace temp table marts_new as
select * from marts_new_reports
