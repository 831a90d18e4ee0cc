"""Cross-cutting helpers: paths, SQL files, the warehouse resource and the GX wrapper."""
