-- Retention of redacted free text (ADR 0004): quarantined before $cutoff, the redacted free text and
-- malformed-line renderings are dropped from the masked record (codes and finding kinds stay).
update quarantine
set
    masked_record = json_merge_patch(
        masked_record, '{"denial_reason_text": null, "appeal_strategy_text": null, "line": null}'
    )
where
    quarantined_at < $cutoff
    and (
        json_exists(masked_record, '$.denial_reason_text')
        or json_exists(masked_record, '$.appeal_strategy_text')
        or json_exists(masked_record, '$.line')
    );
