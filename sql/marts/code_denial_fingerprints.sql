-- Remember what the marts of the scope were built from (codes with no report left drop out).
insert into code_denial_fingerprints
select
    hcpcs,
    accepted_reports,
    fingerprint,
    last_accepted_at
from marts_scope
where accepted_reports is not null
