-- Every RVU row of every loaded release, the input of code_payment_summary.
select *
from rvu
order by release_id, hcpcs, modifier
