delete from code_denial_contributors
where $full_rebuild or hcpcs in (select s.hcpcs from marts_scope as s)
