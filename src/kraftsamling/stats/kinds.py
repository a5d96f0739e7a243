"""What kind of number an indicator holds, which decides how it may be checked and aggregated.

Three kinds matter:

* ``share``: a percentage 0-100 built from a numerator and a denominator (both counts of people).
  It aggregates by re-adding numerators and denominators, never by averaging percentages.
* ``count``: a number of people or things (unit ``count``). It aggregates by summing.
* ``other``: anything else (medians, means, rates without stored counts, index values). It
  cannot be aggregated from smaller areas without the underlying microdata.

Pure module: no database or web imports.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from kraftsamling.core.errors import InvalidInput

COUNT_UNITS = frozenset({"count"})
SHARE_UNIT = "percent"


class Kind(StrEnum):
    """How an indicator's values behave when checked and aggregated."""

    SHARE = "share"
    COUNT = "count"
    OTHER = "other"


class Direction(StrEnum):
    """Whether a higher value means more vulnerability."""

    HIGHER_IS_WORSE = "higher_is_worse"
    HIGHER_IS_BETTER = "higher_is_better"
    NEUTRAL = "neutral"


# Spellings accepted in indicator files; "n/a" is how the demo catalogue writes "no direction".
_DIRECTION_ALIASES = {"": Direction.NEUTRAL, "n/a": Direction.NEUTRAL, "none": Direction.NEUTRAL}


class IndicatorInfo(Protocol):
    """The two facts about an indicator that checking and aggregation need."""

    @property
    def is_share(self) -> bool: ...

    @property
    def unit(self) -> str: ...


def kind_of(is_share: bool, unit: str) -> Kind:
    """Return the kind of an indicator from its share flag and unit.

    Examples
    --------
    >>> kind_of(True, "percent"), kind_of(False, "count"), kind_of(False, "SEK")
    (<Kind.SHARE: 'share'>, <Kind.COUNT: 'count'>, <Kind.OTHER: 'other'>)
    """
    if is_share:
        return Kind.SHARE
    return Kind.COUNT if unit.strip().lower() in COUNT_UNITS else Kind.OTHER


def parse_direction(text: str) -> Direction:
    """Parse a direction; ``n/a`` and an empty text mean neutral.

    Raises
    ------
    InvalidInput
        When the text is none of the accepted spellings.
    """
    cleaned = text.strip().lower()
    if cleaned in _DIRECTION_ALIASES:
        return _DIRECTION_ALIASES[cleaned]
    try:
        return Direction(cleaned)
    except ValueError:
        expected = ", ".join(d.value for d in Direction)
        raise InvalidInput(
            f"Direction must be one of {expected} (or 'n/a' for neutral). Got {text!r}."
        ) from None
