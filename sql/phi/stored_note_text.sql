-- PHI evaluation (pipelines/phi/evaluate.py): per input line, every stored text that can carry the note's
-- words. $evaluation_fields nulls the report fields the evaluation made itself (codes, ids, amounts) in the
-- quarantined record, so that an identifier like "97" is not "found" in "CO-97".
select
    source_line,
    concat_ws(chr(0), denial_reason_text, appeal_strategy_text) as stored
from reports
union all
select
    reports.source_line,
    report_themes.field || chr(0) || report_themes.theme as stored
from report_themes
inner join reports on report_themes.report_id = reports.report_id
union all
select
    source_line,
    concat_ws(
        chr(0),
        cast(finding_kinds as varchar),
        cast(json_merge_patch(masked_record, $evaluation_fields) as varchar)
    ) as stored
from quarantine
union all
select
    source_line,
    concat_ws(chr(0), outcome, reason_code, field, message, fix, details) as stored
from intake_outcomes
