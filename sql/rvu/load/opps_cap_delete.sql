-- Remove one release from opps_cap before its rows are inserted again (same transaction).
delete from opps_cap
where release_id = $release_id
