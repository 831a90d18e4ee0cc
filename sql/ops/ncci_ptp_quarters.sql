-- NCCI quarters present in ncci_ptp (medpay status; the refresh's "already loaded" test).
select distinct quarter
from ncci_ptp
order by quarter
