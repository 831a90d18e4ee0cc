-- Accept the first valid occurrence of each report_id that no earlier file delivered.
insert into reports
with

candidates as (
    select * from stg_report_candidates
),

first_occurrence as (
    select * from candidates
    qualify row_number() over (partition by report_id order by source_line) = 1
),

final as (
    select
        report_id,
        contributor_id,
        submitted_at,
        hcpcs,
        modifiers,
        units,
        place_of_service,
        payer_type,
        state,
        denial_month,
        carc,
        rarc,
        cast(billed_amount as decimal(12, 2)) as billed_amount,
        cast(paid_amount as decimal(12, 2)) as paid_amount,
        appeal_status,
        appeal_level,
        appeal_strategy,
        denial_reason_text,
        appeal_strategy_text,
        cast(null as varchar) as near_duplicate_of,
        $file_name as source_file,
        source_line,
        $file_hash as file_sha256,
        $intake_at as accepted_at
    from first_occurrence
    where not exists (
        select 1 from reports
        where reports.report_id = first_occurrence.report_id
    )
)

select * from final
