-- Already counted reports of the codes being added to whose near-duplicate key matches a new
-- report's (sql/macros/near_duplicate_key.sql): the only old reports a new one can be a copy of.
create or replace temp table marts_old_candidates as
with new_keys as (
    select near_duplicate_key(n) as near_key
    from marts_new as n
    where n.hcpcs in (
        select s.hcpcs from marts_scope as s
        where s.mode = 'add'
    )
)

select o.*
from marts_old as o
where near_duplicate_key(o) in (select k.near_key from new_keys as k)
