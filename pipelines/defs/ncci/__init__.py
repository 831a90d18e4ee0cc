"""NCCI PTP edits and MUE values, per quarter (group ncci): landing sensor, assets, blocking checks, job."""
