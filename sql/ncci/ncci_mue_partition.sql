-- One quarter of ncci_mue, in batch $bucket of $buckets (by a hash of hcpcs), as validated by the GX suite expectations/ncci_mue.json.
select
    quarter,
    service_type,
    hcpcs,
    mue_value,
    mai,
    mai_label,
    effective_date
from ncci_mue
where quarter = $quarter and hash(hcpcs) % $buckets = $bucket;
