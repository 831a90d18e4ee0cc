-- Every published intake: which file bytes were taken in, whether they carried PHI, and when.
select
    source_file,
    file_sha256,
    had_phi,
    processed_at
from intake_files
