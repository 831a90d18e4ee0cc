-- Tips per rule (the tip id without its per-pair / per-cell suffix), for the asset's metadata.
select
    regexp_extract(tip_id, '^[a-z0-9_]+\.[a-z0-9_]+') as rule,
    count(*) as tips
from code_billing_tips
group by rule
order by tips desc, rule asc
