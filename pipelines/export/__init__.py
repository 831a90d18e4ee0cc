"""Website export: code-page documents, manifest, privacy gate and atomic publishing of the export dir."""
