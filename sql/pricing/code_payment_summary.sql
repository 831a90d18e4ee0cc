-- code_payment_summary: one row per (release, HCPCS) for the website export, built in Python by
-- pipelines.pricing.summary (national amounts, component rows, modifier_rules JSON) and stored here.
create or replace table code_payment_summary as
select
    release_id,
    hcpcs,
    description,
    status_code,
    status_label,
    payable_on_fee_schedule,
    cast(national_nonfacility as decimal(12, 2)) as national_nonfacility,
    cast(national_facility as decimal(12, 2)) as national_facility,
    nonfacility_reason,
    facility_reason,
    cast(conversion_factor as decimal(10, 4)) as conversion_factor,
    cast(components as json) as components,
    cast(modifier_rules as json) as modifier_rules
from incoming
order by release_id, hcpcs
