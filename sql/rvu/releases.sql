-- One row describing a loaded release: provenance, file SHA-256s, per-table row counts.
insert into releases (
    release_id, year, quarter_letter, is_correction, released_on, effective_from, title, source,
    landing_sha256, files, missing_tables, row_counts, rows_read, rows_loaded, rows_rejected, loaded_at
)
values (
    $release_id, $year, $quarter_letter, $is_correction, $released_on, $effective_from, $title, $source,
    $landing_sha256, $files, $missing_tables, $row_counts, $rows_read, $rows_loaded, $rows_rejected, $loaded_at
)
