-- Replace a file version: drop its reports rows.
delete from reports
where source_file = $file_name and file_sha256 = $file_hash
