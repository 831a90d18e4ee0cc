-- One row per loaded RVU release: where it came from (files + SHA-256), what it held, when it was loaded.
create table if not exists releases (
    release_id varchar primary key,
    year integer not null,
    quarter_letter varchar not null,
    is_correction boolean not null,
    released_on date,
    effective_from date not null,
    title varchar,
    source varchar not null,
    landing_sha256 varchar not null,
    files json not null,
    missing_tables varchar[] not null,
    row_counts json not null,
    rows_read integer not null,
    rows_loaded integer not null,
    rows_rejected integer not null,
    loaded_at timestamp not null
);
