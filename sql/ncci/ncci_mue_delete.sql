-- Drop one quarter's MUE values before it is reloaded (same transaction as the insert).
delete from ncci_mue
where quarter = $quarter;
