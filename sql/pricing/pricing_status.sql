-- pricing_status: each PFS status code [RVU25D Attachment A], how the calculator treats it (priced,
-- contractor, not_priced, anesthesia), the reason given when it has no amount and the note shown when
-- it has one, seeded from sql/pricing/seeds/pricing_status.csv ($path).
create or replace table pricing_status as
select
    status_code,
    label,
    treatment,
    reason,
    note,
    source
from
    read_csv(
        $path,
        header = true,
        columns = {
            'status_code': 'varchar',
            'label': 'varchar',
            'treatment': 'varchar',
            'reason': 'varchar',
            'note': 'varchar',
            'source': 'varchar'
        }
    )
order by status_code
