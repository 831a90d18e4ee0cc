-- Rows of one quarter of ncci_mue (sizes the validation batches).
select count(*) as n_rows
from ncci_mue
where quarter = $quarter;
