-- DuckLake backend: this run has replaced view or table $name.
insert into temp.main.medpay_replaced_in_run (name) values ($name)
