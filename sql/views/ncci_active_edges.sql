-- Every active edit of ncci_active_edits seen from each of its two codes: `hcpcs` is the code, `direction`
-- 1 when it is column 1 (`other` = column 2) and 2 when it is column 2 (`other` = column 1). What the code
-- page lists and the companion files hold are made of these rows.
create or replace view ncci_active_edges as
select
    column1 as hcpcs,
    1 as direction,
    column2 as other,
    modifier_indicator,
    effective_date,
    deletion_date,
    rationale,
    version
from ncci_active_edits
union all
select
    column2 as hcpcs,
    2 as direction,
    column1 as other,
    modifier_indicator,
    effective_date,
    deletion_date,
    rationale,
    version
from ncci_active_edits;
