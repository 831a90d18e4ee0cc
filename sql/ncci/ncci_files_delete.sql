-- Drop the file records of one quarter and kind (ptp or mue) before it is reloaded.
delete from ncci_files
where quarter = $quarter and kind = $kind;
