-- Drop every MUE row that repeats an earlier row's key (listed in ncci_repeats): one row per key stays.
delete from ncci_mue
where rowid in (select row_id from ncci_repeats);
