-- The national anesthesia conversion factor of a release (the same on every ANES row).
select max(national_anesthesia_cf) as national_anesthesia_cf
from anesthesia_cf
where release_id = $release_id
