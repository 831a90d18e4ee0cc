-- x12_meanings: the X12 definition of every CARC and RARC (the description without its usage notes).
select
    code,
    code_type,
    trim(split_part(description, ' Usage:', 1)) as meaning
from x12_codes
order by code_type, code
