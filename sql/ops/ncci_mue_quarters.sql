-- NCCI quarters present in ncci_mue (medpay status; the refresh's "already loaded" test).
select distinct quarter
from ncci_mue
order by quarter
