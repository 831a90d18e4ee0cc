-- The practitioner MUE of each code in the quarter the code pages show (ncci_latest), in the shape of the
-- code page's `ncci.mue` object.
create or replace view ncci_latest_mue as
select
    m.hcpcs,
    struct_pack(
        value := m.mue_value,
        adjudication_indicator := m.mai,
        adjudication_label := m.mai_label,
        rationale := m.rationale
    ) as mue
from ncci_mue as m
inner join ncci_latest as l on m.quarter = l.quarter
where m.service_type = 'practitioner';
