-- One row per loaded RVU release.
create table if not exists releases (
    release_id varchar primary key,
    year integer not null,
    quarter_letter varchar not null,
    is_correction boolean not null,
    released_on date,
    effective_from date not null,
    title varchar,
    source varchar not null,
    files json not null,
    row_counts json not null,
    rows_read integer not null,
    rows_loaded integer not null,
    rows_rejected integer not null,
    loaded_at timestamp not null
);
