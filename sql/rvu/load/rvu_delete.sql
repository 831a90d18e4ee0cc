-- Remove one release from rvu before its rows are inserted again (same transaction).
delete from rvu
where release_id = $release_id
