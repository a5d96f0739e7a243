"""Shared data of the index-run tests (a module name no other test folder uses)."""

TINY_SPEC = """
[index]
id = "tiny"
name = "Litet testindex"
id_column = "area_code"

[[indicator]]
id = "poverty"
direction = "higher_is_worse"

[[indicator]]
id = "jobs"
direction = "higher_is_better"
"""
