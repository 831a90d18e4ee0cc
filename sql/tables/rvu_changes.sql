-- One row per (from_release, to_release, hcpcs, modifier, change_type, field) between consecutive releases.
-- change_type: added / deleted (field, old_value, new_value null) or changed (one row per changed field).
create table if not exists rvu_changes (
    from_release varchar not null,
    to_release varchar not null,
    hcpcs varchar not null,
    modifier varchar not null,
    description varchar,
    change_type varchar not null,
    field varchar,
    old_value varchar,
    new_value varchar
);
