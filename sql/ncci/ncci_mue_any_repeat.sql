-- Whether any (service type, HCPCS) repeats within one quarter of MUE rows.
select exists (
    select 1
    from ncci_mue
    where quarter = $quarter
    group by service_type, hcpcs
    having count(*) > 1
) as repeated;
