-- Codes to recompute and how. 'add': the code's reports are the ones the marts were built from
-- plus newer ones (accepted after the last build; count and XOR fingerprint prove nothing else
-- changed), so the new reports are added to the stored counts. 'rebuild': anything else changed
-- (a report removed or replaced, a new code, a full rebuild): recount the code from all its
-- reports. 'drop': no report left. Codes whose reports are unchanged are not in scope.
create or replace temp table marts_scope as
with current_codes as (
    select
        r.hcpcs,
        count(*) as accepted_reports,
        bit_xor(hash(r.report_id, r.accepted_at)) as fingerprint,
        max(r.accepted_at) as last_accepted_at,
        count(*) filter (where r.accepted_at > f.last_accepted_at) as new_reports,
        coalesce(
            bit_xor(hash(r.report_id, r.accepted_at)) filter (where r.accepted_at > f.last_accepted_at), 0
        )::ubigint as new_fingerprint
    from reports as r
    left join code_denial_fingerprints as f on r.hcpcs = f.hcpcs
    group by r.hcpcs
),

settings as (
    select $full_rebuild::boolean as full_rebuild
),

compared as (
    select
        coalesce(c.hcpcs, f.hcpcs) as hcpcs,
        c.accepted_reports,
        c.fingerprint,
        c.last_accepted_at,
        f.last_accepted_at as built_until,
        case
            when c.hcpcs is null then 'drop'
            when p.full_rebuild or f.hcpcs is null then 'rebuild'
            when c.accepted_reports = f.accepted_reports and c.fingerprint = f.fingerprint then 'same'
            when
                c.accepted_reports = f.accepted_reports + c.new_reports
                and c.fingerprint = xor(f.fingerprint, c.new_fingerprint)
                then 'add'
            else 'rebuild'
        end as mode,
        c.new_reports
    from current_codes as c
    full outer join code_denial_fingerprints as f on c.hcpcs = f.hcpcs
    cross join settings as p
)

select
    hcpcs,
    mode,
    accepted_reports,
    fingerprint,
    last_accepted_at,
    built_until,
    case
        when mode = 'add' then new_reports
        when mode = 'rebuild' then accepted_reports
        else 0
    end as new_reports
from compared
where mode != 'same'
