-- Remove one release's row from releases before it is written again (same transaction).
delete from releases
where release_id = $release_id
