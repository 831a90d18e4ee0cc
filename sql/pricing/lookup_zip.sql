-- The carrier and locality of a ZIP code, from the most recent ZIP file quarter loaded.
select
    state,
    zip5,
    mac,
    locality,
    plus_four_flag,
    year_quarter
from zip_locality
where zip5 = $zip5
order by year_quarter desc
limit 1
