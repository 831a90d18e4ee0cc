-- Empty rvu_changes before it is rebuilt from every loaded release (same transaction).
delete from rvu_changes
