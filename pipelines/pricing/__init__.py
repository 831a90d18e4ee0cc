"""Medicare PFS payment calculator: pure engine (Decimal, one rounding), warehouse lookups, rules."""
