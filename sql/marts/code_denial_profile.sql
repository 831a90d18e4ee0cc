-- The suppressed profiles built in Python (pipelines/marts/profile.py), one row per code in scope.
insert into code_denial_profile
select
    hcpcs,
    published,
    threshold,
    report_count,
    reports_needed,
    profile::json as profile
from incoming
