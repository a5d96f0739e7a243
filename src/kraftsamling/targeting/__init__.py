"""Targeting: selection rounds that choose the target sub-areas with the committees.

Later capabilities read the current target areas with
:func:`kraftsamling.targeting.queries.current_targets` (``None`` before the first decision).
"""
