-- Remove one release's rejected rows before they are written again (same transaction).
delete from rejected_rows
where domain = 'cms_rvu' and partition_key = $release_id
