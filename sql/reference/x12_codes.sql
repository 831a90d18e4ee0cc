create or replace table x12_codes as
select
    code,
    code_type,
    description
from incoming
order by code_type, code
