"""The decision register every capability refers to: bodies, case numbers, decision records."""
