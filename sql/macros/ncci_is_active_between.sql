-- An NCCI edit is active on at least one date of [from_date, to_date] (the rule of ncci_is_active).
create or replace macro ncci_is_active_between(effective_date, deletion_date, from_date, to_date) as
effective_date <= to_date
and (deletion_date is null or (from_date <= deletion_date and effective_date < deletion_date));
