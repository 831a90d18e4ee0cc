-- code_mue: the practitioner MUE of each code in the latest NCCI quarter (ncci_latest).
select
    m.hcpcs,
    l.quarter,
    m.mue_value,
    m.mai
from ncci_mue as m
inner join ncci_latest as l on m.quarter = l.quarter
where m.service_type = 'practitioner'
order by m.hcpcs
