-- One assessed source (pipelines/ops/freshness.py).
insert into data_freshness (source, as_of, current_item, expected, age_days, stale, message, assessed_at)
values ($source, $as_of, $current_item, $expected, $age_days, $stale, $message, $assessed_at)
