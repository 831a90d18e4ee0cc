-- NCCI medically unlikely edits: the most units of a code per line or day, per quarter and service type.
create table if not exists ncci_mue (
    quarter varchar not null,
    service_type varchar not null,
    hcpcs varchar not null,
    mue_value integer not null,
    mai tinyint not null,
    mai_label varchar not null,
    mai_text varchar not null,
    rationale varchar,
    effective_date date not null,
    source_file varchar not null,
    source_line integer not null
);
