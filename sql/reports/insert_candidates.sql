-- Append one batch of valid rows (registered as `incoming`).
insert into stg_report_candidates by name
select * from incoming
