-- Whether a code is in a release's RVU file (its description), for `medpay tips`.
select description
from rvu
where release_id = $release_id and hcpcs = $hcpcs
order by modifier
limit 1
