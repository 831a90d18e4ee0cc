"""Pure parsing functions: file -> typed Polars frame (+ rejected rows with reasons). No I/O but reading."""
