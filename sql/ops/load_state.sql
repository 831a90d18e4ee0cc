-- What the load stages have published: every release, NCCI file and report file with its SHA-256.
-- The refresh stage of `medpay run` is skipped when this (with the day and the code) is unchanged
-- since its last successful run (pipelines/lib/runner.py refresh_inputs).
select
    'release' as kind,
    release_id as item,
    landing_sha256 as sha256
from releases
union all
select
    'ncci' as kind,
    quarter || ' ' || source_file as item,
    sha256
from ncci_files
union all
select
    'reports' as kind,
    source_file as item,
    file_sha256 as sha256
from intake_files
order by kind, item, sha256
