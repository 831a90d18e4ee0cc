-- What a refresh did: codes in scope, of them added to / rebuilt, near-duplicates found.
select
    count(*) as codes_in_scope,
    count(*) filter (where mode != 'drop') as codes_with_reports,
    count(*) filter (where mode = 'add') as codes_added_to,
    (select count(*) from marts_dups) as near_duplicates
from marts_scope
