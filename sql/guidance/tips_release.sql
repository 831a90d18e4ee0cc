-- The release `medpay tips` reads: the given one if it has tips, else the latest loaded release with tips.
with with_tips as (
    select distinct release_id
    from code_billing_tips
)

select r.release_id
from releases as r
inner join with_tips as t on r.release_id = t.release_id
where $release_id is null or r.release_id = $release_id  -- noqa: RF02
order by r.effective_from desc, r.is_correction desc, r.released_on desc
limit 1
