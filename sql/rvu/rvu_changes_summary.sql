-- Rows of rvu_changes per release pair and change type (materialization metadata).
select
    from_release,
    to_release,
    change_type,
    count(*) as rows,
    count(distinct hcpcs || '-' || modifier) as codes
from rvu_changes
group by from_release, to_release, change_type
order by from_release, to_release, change_type
