"""Operations, as ordinary Python: release catalogue, safe downloader, refresh planning, freshness, alerts."""
