-- Write one indicator label (kept in pipelines/ncci/labels.py, the single source of the wording).
insert or replace into ncci_indicator_labels (kind, code, label, meaning)
values ($kind, $code, $label, $meaning);
