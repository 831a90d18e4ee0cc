-- Codes to recompute: their accepted reports differ from the fingerprint the marts were built from
-- (new, changed or removed reports), or every code on a full rebuild.
create or replace temp table marts_scope as
with current_codes as (
    select
        hcpcs,
        count(*) as accepted_reports,
        bit_xor(hash(report_id, accepted_at)) as fingerprint,
        max(accepted_at) as last_accepted_at
    from reports
    group by hcpcs
),

compared as (
    select
        coalesce(c.hcpcs, f.hcpcs) as hcpcs,
        c.accepted_reports,
        c.fingerprint,
        c.last_accepted_at,
        c.hcpcs is null
        or f.hcpcs is null
        or c.accepted_reports != f.accepted_reports
        or c.fingerprint != f.fingerprint as changed
    from current_codes as c
    full outer join code_denial_fingerprints as f on c.hcpcs = f.hcpcs
)

select
    hcpcs,
    accepted_reports,
    fingerprint,
    last_accepted_at
from compared
where $full_rebuild or changed
