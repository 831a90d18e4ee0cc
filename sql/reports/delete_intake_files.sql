-- Replace a file version: drop its intake_files rows.
delete from intake_files
where source_file = $file_name and file_sha256 = $file_hash
