-- pricing_modifier_rules: every modifier the calculator prices, its kind, its percentage (where the rule
-- is a plain factor) and its source, seeded from sql/pricing/seeds/pricing_modifier_rules.csv ($path).
-- The price macro reads it; docs/pricing_rules.md explains each rule.
create or replace table pricing_modifier_rules as
select
    modifier,
    display_order,
    label,
    kind,
    factor,
    on_code_page,
    source
from
    read_csv(
        $path,
        header = true,
        columns = {
            'modifier': 'varchar',
            'display_order': 'integer',
            'label': 'varchar',
            'kind': 'varchar',
            'factor': 'decimal(6, 4)',
            'on_code_page': 'boolean',
            'source': 'varchar'
        }
    )
order by display_order
