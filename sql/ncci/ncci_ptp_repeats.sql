-- The PTP rows of one quarter that repeat the key (setting, column 1, column 2, effective date) of an
-- earlier row in file order (staged_ncci_order: source_file -> file_order, then line): whether each has
-- the same values as the first (an exact duplicate) or not (a conflict), and where the first is.
create or replace temp table ncci_repeats as
with keyed as (
    select
        p.rowid as row_id,
        p.source_file,
        p.source_line,
        row_number() over w as n,
        first_value(p.source_file) over w as first_file,
        first_value(p.source_line) over w as first_line,
        struct_pack(
            p.in_existence_prior_1996, p.deletion_date, p.modifier_indicator, p.rationale
        ) as payload,
        first_value(
            struct_pack(p.in_existence_prior_1996, p.deletion_date, p.modifier_indicator, p.rationale)
        ) over w as first_payload
    from ncci_ptp as p
    inner join staged_ncci_order as o on p.source_file = o.source_file
    where p.quarter = $quarter  -- noqa: RF02
    window w as (
        partition by p.setting, p.column1, p.column2, p.effective_date
        order by o.file_order, p.source_line
    )
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
