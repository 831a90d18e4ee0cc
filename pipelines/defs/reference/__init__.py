"""Reference tables every other domain checks against (group `reference`, unpartitioned)."""
