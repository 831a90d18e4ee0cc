-- DuckLake backend: has this run replaced view or table $name already?
select count(*) as seen
from temp.main.medpay_replaced_in_run
where name = $name
