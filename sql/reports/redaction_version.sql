-- The latest redaction version every stored free text has been through (null: never).
select max(version) from free_text_redaction
