create or replace table census_counties as
select
    state,
    state_fips,
    county_fips,
    fips,
    county_name,
    class_code
from incoming
order by fips
