-- Counted units of the codes in scope: near-identical reports of one contributor collapse into one
-- (see the small-cell-suppression ADR in docs/adr/). The unit is represented by its first accepted report.
create or replace temp table marts_units as
with scoped as (
    select
        r.report_id,
        r.accepted_at,
        r.hcpcs,
        r.contributor_id,
        r.payer_type,
        r.state,
        r.denial_month,
        r.place_of_service,
        r.appeal_status,
        r.appeal_strategy,
        list_sort(list_distinct(r.carc)) as carc_set,
        list_sort(list_distinct(r.rarc)) as rarc_set,
        list_sort(list_distinct(r.modifiers)) as modifier_set
    from reports as r
    where r.hcpcs in (select s.hcpcs from marts_scope as s)
),

units as (
    select
        hcpcs,
        contributor_id,
        carc_set,
        rarc_set,
        modifier_set,
        payer_type,
        state,
        denial_month,
        place_of_service,
        appeal_status,
        appeal_strategy,
        count(*) as copies,
        arg_min(report_id, struct_pack(accepted_at, report_id)) as report_id,
        max(accepted_at) as last_accepted_at
    from scoped
    group by all
)

select * from units
