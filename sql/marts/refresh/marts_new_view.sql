-- Millions of new reports (a rebuild): read in place by every mart; a copy would cost more.
create or replace temp view marts_new as
select * from marts_new_reports
