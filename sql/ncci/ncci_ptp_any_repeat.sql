-- Whether any (setting, column 1, column 2, effective date) repeats within one quarter of PTP edits.
select exists (
    select 1
    from ncci_ptp
    where quarter = $quarter
    group by setting, column1, column2, effective_date
    having count(*) > 1
) as repeated;
