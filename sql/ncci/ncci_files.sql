-- Record the files of one quarter and kind (registered as staged_ncci_files).
insert into ncci_files
select
    cast($quarter as varchar) as quarter,
    kind,
    setting,
    landing_file,
    source_file,
    version,
    part,
    size_bytes,
    sha256,
    rows_read,
    rows_loaded,
    rows_rejected,
    rows_duplicate,
    current_timestamp as loaded_at
from staged_ncci_files;
