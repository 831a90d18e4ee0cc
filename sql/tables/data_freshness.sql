-- One row per source (rvu, ncci, reports): what the warehouse holds against what "current" means
-- on as_of (rebuilt by refresh_job; `medpay status` recomputes it live).
create table if not exists data_freshness (
    source varchar primary key,
    as_of date not null,
    current_item varchar,
    expected varchar not null,
    age_days integer,
    stale boolean not null,
    message varchar not null,
    assessed_at timestamp not null
);
