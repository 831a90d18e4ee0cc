-- The release `medpay tips` reads: the given one if it has tips, else the latest loaded release with tips,
-- with the rule library version that built them (also said for a code without tips).
with with_tips as (
    select
        release_id,
        min(rule_library_version) as rule_library_version
    from code_billing_tips
    group by release_id
)

select
    r.release_id,
    t.rule_library_version
from releases as r
inner join with_tips as t on r.release_id = t.release_id
where $release_id is null or r.release_id = $release_id  -- noqa: RF02
order by r.effective_from desc, r.is_correction desc, r.released_on desc
limit 1
