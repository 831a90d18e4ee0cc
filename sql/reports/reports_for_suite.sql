-- Accepted reports of the files of one partition, shaped for the GX suite (list columns as counts).
select
    report_id,
    contributor_id,
    submitted_at,
    hcpcs,
    units,
    place_of_service,
    payer_type,
    state,
    denial_month,
    billed_amount,
    paid_amount,
    appeal_status,
    appeal_level,
    appeal_strategy,
    near_duplicate_of,
    source_file,
    source_line,
    file_sha256,
    accepted_at,
    len(modifiers) as modifier_count,
    len(carc) as carc_count,
    len(rarc) as rarc_count
from reports
where source_file in (
    select intake_files.source_file from intake_files
    where intake_files.partition_key = $key  -- noqa: RF02
)
