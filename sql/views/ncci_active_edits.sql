-- The practitioner PTP edits active on at least one day of the latest quarter (ncci_latest): the edits the
-- code pages, their companion files and `medpay edits` show. Edits deleted before the quarter and edits
-- whose deletion date equals their effective date (never active) are left out.
create or replace view ncci_active_edits as
select
    p.column1,
    p.column2,
    p.modifier_indicator,
    p.modifier_label,
    p.effective_date,
    p.deletion_date,
    p.rationale,
    l.quarter,
    l.version
from ncci_ptp as p
inner join ncci_latest as l on p.quarter = l.quarter and p.setting = l.setting
where ncci_is_active_between(p.effective_date, p.deletion_date, l.quarter_start, l.quarter_end);
