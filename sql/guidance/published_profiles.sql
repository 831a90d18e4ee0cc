-- published_profiles: the denials object of every published code exactly as its page shows it.
select
    hcpcs,
    profile
from code_denial_profile
where published
order by hcpcs
