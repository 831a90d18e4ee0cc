-- Remove one release from locality_county before its rows are inserted again (same transaction).
delete from locality_county
where release_id = $release_id
