create or replace table zip_locality as
select
    year_quarter,
    state,
    zip5,
    mac,
    locality,
    rural_indicator,
    lab_cb_locality,
    rural_indicator_2006,
    plus_four_flag,
    part_b_payment_indicator,
    source_file,
    source_line
from incoming
order by year_quarter, zip5
