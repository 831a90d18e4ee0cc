-- Insert the parsed PTP edits of one quarter (registered as staged_ncci_ptp) with readable modifier labels.
insert into ncci_ptp
select
    cast($quarter as varchar) as quarter,  -- noqa: RF02
    s.setting,
    s.column1,
    s.column2,
    s.in_existence_prior_1996,
    s.effective_date,
    s.deletion_date,
    s.modifier_indicator,
    l.label as modifier_label,
    s.rationale,
    s.source_file,
    s.source_line
from staged_ncci_ptp as s
inner join ncci_indicator_labels as l
    on l.kind = 'modifier_indicator' and s.modifier_indicator = l.code;
