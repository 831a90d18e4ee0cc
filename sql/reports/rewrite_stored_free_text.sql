-- Replace stored free text by its redacted rendering (rows registered as `incoming`, keyed as in stored_free_text).
update reports
set
    denial_reason_text = incoming.denial_reason_text,
    appeal_strategy_text = incoming.appeal_strategy_text
from incoming
where incoming.source = 'reports' and reports.report_id = incoming.key
