"""CMS RVU releases: landing sensor, per-release tables (group cms_rvu), checks and rvu_changes."""
