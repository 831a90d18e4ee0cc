-- One quarter of ncci_ptp, in batch $bucket of $buckets (by a hash of column1), as validated by the GX suite expectations/ncci_ptp.json.
select
    quarter,
    setting,
    column1,
    column2,
    in_existence_prior_1996,
    effective_date,
    deletion_date,
    modifier_indicator,
    modifier_label
from ncci_ptp
where quarter = $quarter and hash(column1) % $buckets = $bucket;
