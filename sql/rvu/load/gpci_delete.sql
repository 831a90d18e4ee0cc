-- Remove one release from gpci before its rows are inserted again (same transaction).
delete from gpci
where release_id = $release_id
