-- Replace a file version: drop the report_themes rows of the reports it accepted (run before delete_reports).
delete from report_themes
where report_id in (
    select report_id from reports
    where source_file = $file_name and file_sha256 = $file_hash
)
