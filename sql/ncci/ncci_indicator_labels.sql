-- Write one indicator label (kept in pipelines/ncci/labels.py, the single source of the wording),
-- after delete_rows of the same (kind, code) (no upsert: DuckLake has no keys): the same on both backends.
insert into ncci_indicator_labels (kind, code, label, meaning)
values ($kind, $code, $label, $meaning);
