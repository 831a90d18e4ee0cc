"""Denial report intake (group `reports`): one dynamic partition per file landed in raw/reports/."""
