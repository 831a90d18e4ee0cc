-- An NCCI edit is active on a date when effective <= date and (no deletion date ('*') or date <= deletion),
-- and it ever took effect: an edit whose deletion date equals its effective date (CMS: deleted before it
-- took effect, usually modifier indicator 9) is never active. See docs/ncci_rules.md.
create or replace macro ncci_is_active(effective_date, deletion_date, on_date) as
effective_date <= on_date
and (deletion_date is null or (on_date <= deletion_date and effective_date < deletion_date));
