-- HCPCS codes of every loaded CMS RVU release (a reported code must exist in one).
select distinct hcpcs from rvu
