-- Note that every stored free text has been through redaction version $version.
insert into free_text_redaction values ($version, $now)
