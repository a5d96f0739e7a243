"""Stored index runs: an index spec run on the stored statistics of one year, with its ranking."""
