-- One row per accepted report x free-text field x theme derived from the text at intake
-- (pipelines/intake/themes.py): what the text said, as fixed labels, without the text.
create table if not exists report_themes (
    report_id varchar not null,
    field varchar not null,
    theme varchar not null,
    primary key (report_id, field, theme)
);
