-- What the warehouse holds per quarter: (quarter, landing file, sha256) of every loaded NCCI file.
select distinct
    quarter,
    landing_file,
    sha256
from ncci_files
order by quarter, landing_file;
