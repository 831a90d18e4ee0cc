-- An NCCI edit is active on a date when effective <= date and (no deletion date ('*') or date <= deletion).
-- Source: CMS NCCI PTP file layout (deletion date '*' = no data); see docs/ncci_rules.md.
create or replace macro ncci_is_active(effective_date, deletion_date, on_date) as
effective_date <= on_date and (deletion_date is null or on_date <= deletion_date);
