"""Operations: CMS download job and schedules, downstream refresh and failure sensors, freshness."""
