-- What a refresh did: codes in scope, codes in scope with reports, near-duplicates among them.
select
    (select count(*) from marts_scope) as codes_in_scope,
    (select count(distinct m.hcpcs) from marts_reports as m) as codes_with_reports,
    (select count(*) from marts_reports) - (select count(*) from marts_counted) as near_duplicates
