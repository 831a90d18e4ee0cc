-- The code page `ncci` object parts of every code with an edit or an MUE in the latest quarter.
select
    hcpcs,
    version,
    ptp_as_column1,
    ptp_as_column2,
    mue
from ncci_code_edits
order by hcpcs
