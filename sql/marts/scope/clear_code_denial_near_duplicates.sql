-- Codes added to keep their near-duplicates (their old reports are unchanged); the others recount.
delete from code_denial_near_duplicates
where $full_rebuild or hcpcs in (
    select s.hcpcs from marts_scope as s
    where s.mode != 'add'
)
