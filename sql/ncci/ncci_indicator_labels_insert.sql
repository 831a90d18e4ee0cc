-- Write one indicator label (kept in pipelines/ncci/labels.py, the single source of the wording),
-- after ncci_indicator_labels_delete of the same (kind, code): the same on both backends.
insert into ncci_indicator_labels (kind, code, label, meaning)
values ($kind, $code, $label, $meaning);
