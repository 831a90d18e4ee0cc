-- The NCCI quarter the code pages show (no row when no quarter is loaded).
select
    quarter,
    version
from ncci_latest
