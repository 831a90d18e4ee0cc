-- Replace a file version: drop its quarantine rows.
delete from quarantine
where source_file = $file_name and file_sha256 = $file_hash
