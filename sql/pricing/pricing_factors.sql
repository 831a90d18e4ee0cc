-- pricing_factors: the percentages that depend on a CMS indicator (BILAT SURG, MULT PROC by rank,
-- diagnostic and therapy reductions) and the participation factors, each with its source, seeded from
-- sql/pricing/seeds/pricing_factors.csv ($path).
create or replace table pricing_factors as
select
    rule,
    indicator,
    rank,
    factor,
    source
from
    read_csv(
        $path,
        header = true,
        columns = {
            'rule': 'varchar',
            'indicator': 'varchar',
            'rank': 'integer',
            'factor': 'decimal(6, 4)',
            'source': 'varchar'
        }
    )
order by rule, indicator, rank
