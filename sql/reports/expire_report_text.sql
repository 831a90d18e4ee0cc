-- Retention of redacted free text (ADR 0004): accepted before $cutoff, the redacted renderings are
-- dropped; report_themes stay.
update reports
set denial_reason_text = null, appeal_strategy_text = null
where
    accepted_at < $cutoff
    and (denial_reason_text is not null or appeal_strategy_text is not null);
