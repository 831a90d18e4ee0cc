-- Row count of every denial mart (materialization metadata).
select
    'code_denial_near_duplicates' as table_name,
    count(*) as row_count
from code_denial_near_duplicates
union all
select
    'code_denial_contributors' as table_name,
    count(*) as row_count
from code_denial_contributors
union all
select
    'code_denial_months' as table_name,
    count(*) as row_count
from code_denial_months
union all
select
    'code_denial_stats' as table_name,
    count(*) as row_count
from code_denial_stats
union all
select
    'code_denial_reasons' as table_name,
    count(*) as row_count
from code_denial_reasons
union all
select
    'code_denial_reason_combinations' as table_name,
    count(*) as row_count
from code_denial_reason_combinations
union all
select
    'code_denial_breakdowns' as table_name,
    count(*) as row_count
from code_denial_breakdowns
union all
select
    'code_denial_appeals' as table_name,
    count(*) as row_count
from code_denial_appeals
union all
select
    'code_denial_trend' as table_name,
    count(*) as row_count
from code_denial_trend
union all
select
    'code_denial_profile' as table_name,
    count(*) as row_count
from code_denial_profile
union all
select
    'code_denial_fingerprints' as table_name,
    count(*) as row_count
from code_denial_fingerprints
