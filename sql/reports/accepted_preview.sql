-- A few accepted reports of one file version for the Dagster UI: codes only, no free text or contributor.
select
    hcpcs,
    state,
    payer_type,
    denial_month,
    carc,
    rarc,
    appeal_status
from reports
where source_file = $file_name and file_sha256 = $file_hash
order by source_line
limit 5
