"""Area levels and the rules of the area hierarchy.

Levels from fine to coarse::

    deso (rank 0)  ->  regso, sub_area (rank 1)  ->  district (rank 2)  ->  municipality (rank 3)

DeSO nest exactly in RegSO (SCB builds RegSO from whole DeSO). A municipality's own sub-areas
(Malmö's *delområden*) are a second, parallel grouping at the same rank as RegSO, so a RegSO is
never the parent of a sub-area nor the other way round. A parent must always be of a strictly
coarser rank; levels may be skipped (a DeSO may hang directly under a municipality).

Pure module: no database or web imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from kraftsamling.core.errors import InvalidInput


class Level(StrEnum):
    """An area level; the value is what is stored and written in files."""

    DESO = "deso"
    REGSO = "regso"
    SUB_AREA = "sub_area"
    DISTRICT = "district"
    MUNICIPALITY = "municipality"


RANK: Mapping[Level, int] = {
    Level.DESO: 0,
    Level.REGSO: 1,
    Level.SUB_AREA: 1,
    Level.DISTRICT: 2,
    Level.MUNICIPALITY: 3,
}

# Spellings people use in files: SCB's capitalisation and the Swedish names.
_ALIASES = {
    "deso": Level.DESO,
    "regso": Level.REGSO,
    "sub_area": Level.SUB_AREA,
    "sub-area": Level.SUB_AREA,
    "subarea": Level.SUB_AREA,
    "delområde": Level.SUB_AREA,
    "district": Level.DISTRICT,
    "stadsområde": Level.DISTRICT,
    "stadsdel": Level.DISTRICT,
    "municipality": Level.MUNICIPALITY,
    "kommun": Level.MUNICIPALITY,
}


def parse_level(text: str) -> Level:
    """Parse a level name, accepting SCB's spelling (``DeSO``) and the Swedish names.

    Raises
    ------
    InvalidInput
        When the text names no level.

    Examples
    --------
    >>> parse_level("DeSO"), parse_level("delområde")
    (<Level.DESO: 'deso'>, <Level.SUB_AREA: 'sub_area'>)
    """
    level = _ALIASES.get(text.strip().lower())
    if level is None:
        expected = ", ".join(lv.value for lv in Level)
        raise InvalidInput(f"Area level must be one of {expected}. Got {text!r}.")
    return level


def is_coarser(level: Level, than: Level) -> bool:
    """True when ``level`` is strictly coarser (a larger area) than ``than``."""
    return RANK[level] > RANK[than]


def parent_problem(child: Level, parent: Level | None) -> str | None:
    """Explain why ``parent`` cannot be the parent level of ``child``; ``None`` when it can.

    A municipality is the root of the hierarchy and has no parent in these tables.

    Examples
    --------
    >>> parent_problem(Level.DESO, Level.REGSO) is None
    True
    >>> parent_problem(Level.REGSO, Level.SUB_AREA) is None
    False
    """
    if parent is None:
        return None
    if child is Level.MUNICIPALITY:
        return "a municipality is the top level and has no parent area"
    if is_coarser(parent, child):
        return None
    allowed = " or ".join(lv.value for lv in Level if is_coarser(lv, child))
    return (
        f"a {child.value} cannot lie inside a {parent.value}: the parent's level must be "
        f"coarser (expected {allowed})"
    )


def ancestor_at(
    code: str, level: Level, parents: Mapping[str, str | None], levels: Mapping[str, Level]
) -> str | None:
    """Walk up from area ``code`` and return its ancestor at ``level`` (itself if at that level).

    Parameters
    ----------
    code
        The area to start from.
    level
        The level wanted.
    parents
        Parent code of every area (``None`` for roots).
    levels
        Level of every area.

    Returns
    -------
    str or None
        The ancestor's code, or ``None`` when the chain of parents skips that level.

    Raises
    ------
    InvalidInput
        When the parent links form a cycle.
    """
    seen: set[str] = set()
    current: str | None = code
    while current is not None:
        if current in seen:
            raise InvalidInput(
                f"The parent links of area {code!r} form a cycle through {current!r}."
            )
        seen.add(current)
        current_level = levels[current]
        if current_level == level:
            return current
        if RANK[current_level] >= RANK[level] and current != code:
            # Above (or beside) the wanted rank already: the chain skipped that level.
            return None
        current = parents.get(current)
    return None
