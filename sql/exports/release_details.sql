-- The release a code-page export shows ($release_id), with what the confidence rules need: whether
-- its PPRRVU file had rejected rows or it lacks companion tables (a repaired or incomplete copy).
select
    release_id,
    released_on,
    effective_from,
    is_correction,
    missing_tables,
    coalesce(cast(row_counts -> 'rvu' ->> 'rejected' as integer), 0) as rvu_rows_rejected,
    coalesce(cast(row_counts -> 'rvu' ->> 'file' as varchar), '') as rvu_file
from releases
where release_id = $release_id
