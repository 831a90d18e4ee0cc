-- Replace quarantined masked records by their redacted rendering (rows registered as `incoming`).
update quarantine
set masked_record = cast(incoming.masked_record as json)
from incoming
where
    incoming.source = 'quarantine'
    and quarantine.source_file || chr(0) || quarantine.file_sha256 || chr(0)
    || cast(quarantine.source_line as varchar) = incoming.key
