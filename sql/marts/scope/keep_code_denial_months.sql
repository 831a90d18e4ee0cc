-- Rows of the codes that new reports are added to: the base the new counts are summed onto.
create or replace temp table kept_code_denial_months as
select *
from code_denial_months
where hcpcs in (
    select s.hcpcs from marts_scope as s
    where s.mode = 'add'
)
