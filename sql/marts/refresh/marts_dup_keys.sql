-- Near-duplicate candidates: the keys (sql/macros/near_duplicate_key.sql) that two or more new
-- reports share, and those of the already counted reports a new one may copy
-- (refresh/marts_old_candidates.sql). refresh/marts_dups.sql compares the full key.
create or replace temp table marts_dup_keys as
select near_duplicate_key(marts_new) as near_key
from marts_new
group by near_key
having count(*) > 1
union
select near_duplicate_key(marts_old_candidates) as near_key
from marts_old_candidates
