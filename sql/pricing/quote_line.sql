-- One claim line priced by the price macro (medpay price): every parameter comes from the caller.
select *
from price(
    $release_id, $hcpcs, $modifiers, $mac, $locality, $setting,
    p_rank := $rank, p_units := $units, p_base_units := $base_units, p_time_units := $time_units,
    p_subtract := $subtract
)
