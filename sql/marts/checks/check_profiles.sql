-- Every stored profile, for the blocking privacy check.
select
    hcpcs,
    profile
from code_denial_profile
order by hcpcs
