-- `medpay edits`: every row of the pair in the quarter that applies, the active one first (ncci_pair).
select *
from ncci_pair($code_a, $code_b, cast($on_date as date), setting_name := $setting);
