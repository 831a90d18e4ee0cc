-- Per-code fingerprint of the accepted reports the marts were last built from (incremental refresh).
create table if not exists code_denial_fingerprints (
    hcpcs varchar not null,
    accepted_reports integer not null,
    fingerprint ubigint not null,
    last_accepted_at timestamp not null
);
