-- Stored free text to re-render once (free_text_redaction): accepted reports, then quarantined records.
select
    'reports' as source,
    report_id as key,
    denial_reason_text,
    appeal_strategy_text,
    cast(null as varchar) as masked_record
from reports
where denial_reason_text is not null or appeal_strategy_text is not null
union all
select
    'quarantine' as source,
    source_file || chr(0) || file_sha256 || chr(0) || cast(source_line as varchar) as key,
    null as denial_reason_text,
    null as appeal_strategy_text,
    cast(masked_record as varchar) as masked_record
from quarantine
