-- Rows of one quarter of ncci_ptp (sizes the validation batches).
select count(*) as n_rows
from ncci_ptp
where quarter = $quarter;
