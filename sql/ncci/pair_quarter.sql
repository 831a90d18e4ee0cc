-- `medpay edits`: the NCCI quarter that applies to a date and setting (null when none is loaded).
select ncci_quarter_on(cast($on_date as date), setting_name := $setting) as quarter;
