-- Drop one quarter's PTP edits before it is reloaded (same transaction as the insert).
delete from ncci_ptp
where quarter = $quarter;
