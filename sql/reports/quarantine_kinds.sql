-- How many quarantined reports of one file version carried each finding kind.
with

kinds as (
    select unnest(finding_kinds) as kind from quarantine
    where source_file = $file_name and file_sha256 = $file_hash
),

final as (
    select
        kind,
        count(*) as report_count
    from kinds
    group by kind
)

select * from final
order by report_count desc, kind asc
