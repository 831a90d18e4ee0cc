-- Rows of the codes that new reports are added to: the base the new counts are summed onto.
create or replace temp table kept_code_denial_appeals as
select *
from code_denial_appeals
where hcpcs in (
    select s.hcpcs from marts_scope as s
    where s.mode = 'add'
)
