create or replace table usps_states as
select
    state,
    name,
    fips
from incoming
order by state
