-- Every RVU row (global, 26, TC, 53) of one code in one release.
select *
from rvu
where release_id = $release_id and hcpcs = $hcpcs
order by modifier
