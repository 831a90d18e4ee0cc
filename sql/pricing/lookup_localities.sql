-- Payment localities of a GPCI release with their anesthesia conversion factor (from the ANES release).
with params as (
    select
        $gpci_release_id as gpci_release,
        $anesthesia_release_id as anesthesia_release
)

select
    g.mac,
    g.locality,
    g.state,
    g.locality_name,
    g.work_gpci,
    g.pe_gpci,
    g.mp_gpci,
    a.anesthesia_cf,
    a.national_anesthesia_cf
from gpci as g
inner join params as p on g.release_id = p.gpci_release
left join anesthesia_cf as a
    on
        p.anesthesia_release = a.release_id
        and g.mac = a.mac
        and g.locality = a.locality
order by g.state, g.mac, g.locality
