-- The suppressed `denials` object of every code with an accepted report (the marts' output).
select
    hcpcs,
    cast(profile as varchar) as profile
from code_denial_profile
order by hcpcs
