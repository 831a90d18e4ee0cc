-- Which NCCI bundling edits explain the CO-97 ("included in another service") denials reported for
-- a code: the code as column 2 of an active PTP edit of the latest quarter, the column-1 codes it
-- is bundled into, whether a modifier may bypass the edit, and how many CO-97 reports used an
-- NCCI-associated modifier (59, XE, XS, XP, XU). Change the code in `params`.
with params as (
    select '97110' as hcpcs
),

co97 as (
    select
        r.report_id,
        list_has_any(r.modifiers, ['59', 'XE', 'XS', 'XP', 'XU']) as used_ncci_modifier
    from reports as r
    inner join params as p on r.hcpcs = p.hcpcs
    inner join report_carc as rc on r.report_id = rc.report_id
    where
        rc.carc = 'CO-97'
        and r.report_id not in (select d.report_id from code_denial_near_duplicates as d)
),

reported as (
    select
        count(distinct report_id) as co97_reports,
        count(distinct report_id) filter (where used_ncci_modifier) as with_ncci_modifier
    from co97
),

edits as (
    select
        e.hcpcs,
        e.version,
        unnest(e.ptp_as_column2) as edit
    from ncci_code_edits as e
    inner join params as p on e.hcpcs = p.hcpcs
),

final as (
    select
        edits.hcpcs,
        edits.version as ncci_version,
        edits.edit.column1 as bundled_into,
        edits.edit.modifier_indicator,
        edits.edit.modifier_label,
        edits.edit.rationale,
        edits.edit.effective_date,
        reported.co97_reports,
        reported.with_ncci_modifier
    from edits
    cross join reported
)

select * from final
order by bundled_into
