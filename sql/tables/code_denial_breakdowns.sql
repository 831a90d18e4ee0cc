-- Reports per (code, dimension, value): payer_type, modifier ('none'), place_of_service, state.
create table if not exists code_denial_breakdowns (
    hcpcs varchar not null,
    dimension varchar not null,
    value varchar not null,
    report_count integer not null,
    share double not null
);
