-- Release id and landing fingerprint of every loaded release (landing.releases_to_load).
select
    release_id,
    landing_sha256
from releases
order by release_id
