"""Per-code denial aggregates (group `marts`): unsuppressed analyst tables and the suppressed profile."""
