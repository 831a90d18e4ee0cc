-- The suppression rules the marts were last built with: a change forces a full rebuild.
create table if not exists code_denial_rules (
    rules json not null,
    built_at timestamp not null
);
