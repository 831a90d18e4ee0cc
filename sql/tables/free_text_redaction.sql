-- Which version of the free-text redaction (pipelines/phi/redact.py) every stored text has been through:
-- a warehouse from before version 1 held free text as typed; intake re-renders it once.
create table if not exists free_text_redaction (
    version integer not null,
    redacted_at timestamp not null
);
