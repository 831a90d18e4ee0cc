-- The MUE of each code of a pair in one quarter and service type ('practitioner' or
-- 'outpatient_hospital'), with the adjudication indicator's label and meaning (`medpay edits`).
with quarter_mue as (
    select * from ncci_mue
    where quarter = $quarter and service_type = $service and hcpcs in ($code_a, $code_b)
)

select
    m.hcpcs,
    m.mue_value,
    m.mai,
    m.mai_label,
    l.meaning as mai_meaning,
    m.rationale
from quarter_mue as m
inner join ncci_indicator_labels as l on l.kind = 'mue_adjudication_indicator' and m.mai = l.code
order by m.hcpcs;
