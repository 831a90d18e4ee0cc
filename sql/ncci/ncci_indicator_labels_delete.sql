-- Drop one indicator label before it is written again (upsert without a key: DuckLake has none).
delete from ncci_indicator_labels
where kind = $kind and code = $code;
