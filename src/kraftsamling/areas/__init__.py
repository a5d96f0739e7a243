"""Area pages: lists per level, area profiles over time against the city, the public map."""
