-- Remove one release from anesthesia_cf before its rows are inserted again (same transaction).
delete from anesthesia_cf
where release_id = $release_id
