-- DuckLake backend: the views and tables a run has replaced so far (its connection only; see
-- adapt_replace in pipelines/lib/backend.py).
create temp table medpay_replaced_in_run (name varchar)
