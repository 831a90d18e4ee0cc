"""Website export (group `exports`): code-page documents, manifest, Parquet, change report, live checks."""
