-- The MUE rows of one quarter that repeat the key (service type, HCPCS) of an earlier row in file order
-- (staged_ncci_order: source_file -> file_order, then line): exact duplicate or conflict, and the first.
create or replace temp table ncci_repeats as
with keyed as (
    select
        m.rowid as row_id,
        m.source_file,
        m.source_line,
        row_number() over w as n,
        first_value(m.source_file) over w as first_file,
        first_value(m.source_line) over w as first_line,
        struct_pack(m.mue_value, m.mai, m.rationale) as payload,
        first_value(struct_pack(m.mue_value, m.mai, m.rationale)) over w as first_payload
    from ncci_mue as m
    inner join staged_ncci_order as o on m.source_file = o.source_file
    where m.quarter = $quarter  -- noqa: RF02
    window w as (partition by m.service_type, m.hcpcs order by o.file_order, m.source_line)
)

select
    row_id,
    source_file,
    source_line,
    first_file,
    first_line,
    payload = first_payload as same  -- struct equality: NULL fields compare equal
from keyed
where n > 1;
