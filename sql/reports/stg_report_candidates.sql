-- Valid rows of the file being taken in (accepted or duplicate is decided set-based afterwards).
create or replace temp table stg_report_candidates (
    report_id varchar not null,
    contributor_id varchar not null,
    submitted_at timestamp not null,
    hcpcs varchar not null,
    modifiers varchar[] not null,
    units integer,
    place_of_service varchar,
    payer_type varchar not null,
    state varchar not null,
    denial_month date not null,
    carc varchar[] not null,
    rarc varchar[] not null,
    billed_amount double,
    paid_amount double,
    appeal_status varchar,
    appeal_level varchar,
    appeal_strategy varchar,
    denial_reason_text varchar,
    appeal_strategy_text varchar,
    source_line integer not null
)
