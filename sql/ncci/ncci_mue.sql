-- Insert the parsed MUE rows of one quarter (registered as staged_ncci_mue) with readable MAI labels.
insert into ncci_mue
select
    cast($quarter as varchar) as quarter,  -- noqa: RF02
    s.service_type,
    s.hcpcs,
    s.mue_value,
    s.mai,
    l.label as mai_label,
    s.mai_text,
    s.rationale,
    s.effective_date,
    s.source_file,
    s.source_line
from staged_ncci_mue as s
inner join ncci_indicator_labels as l
    on l.kind = 'mue_adjudication_indicator' and s.mai = l.code;
