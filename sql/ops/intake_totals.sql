-- Report intake totals over every file taken in (medpay status; last intake drives freshness).
select
    count(*) as files,
    sum(rows_read) as rows_read,
    sum(accepted) as accepted,
    sum(rejected) as rejected,
    sum(quarantined) as quarantined,
    sum(duplicates) as duplicates,
    max(processed_at) as last_intake
from intake_files
