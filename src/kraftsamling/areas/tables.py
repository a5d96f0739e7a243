"""The tables behind the area pages: the hierarchy, observations per indicator-year, the city value
re-added from its parts, and disclosure control over a whole level.

The city's value of a share is computed by re-adding the numerators and denominators of the areas
that make up the city (:func:`kraftsamling.stats.aggregate.aggregate`), never by averaging
percentages; counts are summed; other indicators (medians, means) cannot be added up, so the value
stored for the municipality itself is used.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.stats.aggregate import Cell, aggregate
from kraftsamling.stats.disclosure import DisclosureRule, TableCell, suppress
from kraftsamling.stats.kinds import Kind
from kraftsamling.stats.levels import RANK, Level, ancestor_at
from kraftsamling.stats.models import Area, Observation


@dataclass
class AreaTree:
    """The whole area hierarchy as plain maps keyed by code."""

    levels: dict[str, Level]
    parents: dict[str, str | None]
    city: str | None
    _ancestors: dict[tuple[str, Level], str | None] = field(default_factory=dict)
    _members: dict[Level, list[str]] = field(default_factory=dict)
    _memberships: dict[tuple[Level, Level], dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> AreaTree:
        rows = session.execute(select(Area.id, Area.code, Area.level, Area.parent_id)).all()
        code_of = {row.id: row.code for row in rows}
        levels = {row.code: Level(row.level) for row in rows}
        parents = {row.code: code_of.get(row.parent_id) if row.parent_id else None for row in rows}
        cities = sorted(c for c, lv in levels.items() if lv is Level.MUNICIPALITY)
        return cls(levels, parents, cities[0] if cities else None)

    def members(self, level: Level) -> list[str]:
        if level not in self._members:
            self._members[level] = sorted(c for c, lv in self.levels.items() if lv is level)
        return self._members[level]

    def ancestor(self, code: str, level: Level) -> str | None:
        """``code``'s ancestor at ``level``, remembered: a profile asks once per indicator-year."""
        key = (code, level)
        if key not in self._ancestors:
            self._ancestors[key] = ancestor_at(code, level, self.parents, self.levels)
        return self._ancestors[key]

    def membership(self, small: Level, large: Level) -> dict[str, str]:
        """Each area of level ``small`` -> its ancestor at level ``large`` (those that have one)."""
        key = (small, large)
        if key not in self._memberships:
            found = ((c, self.ancestor(c, large)) for c in self.members(small))
            self._memberships[key] = {c: parent for c, parent in found if parent is not None}
        return self._memberships[key]


def load_cells(
    session: Session, indicator_ids: Sequence[str], levels: Iterable[Level]
) -> dict[tuple[str, int], dict[str, Cell]]:
    """(indicator, year) -> area code -> cell, for the areas of ``levels``."""
    query = (
        select(
            Area.code,
            Observation.indicator_id,
            Observation.year,
            Observation.value,
            Observation.numerator,
            Observation.denominator,
        )
        .join(Area, Observation.area_id == Area.id)
        .where(
            Observation.indicator_id.in_(list(indicator_ids)),
            Area.level.in_([lv.value for lv in levels]),
        )
    )
    found: dict[tuple[str, int], dict[str, Cell]] = defaultdict(dict)
    for code, indicator, year, value, numerator, denominator in session.execute(query):
        found[(indicator, year)][code] = Cell(code, value, numerator, denominator)
    return found


Shown = dict[str, tuple[float | None, str | None]]


def hierarchy_table(
    tree: AreaTree,
    source: Level,
    found: dict[str, Cell],
    kind: Kind,
    *,
    public: bool,
    rule: DisclosureRule,
) -> Shown:
    """Every area's (value, hidden reason) of one indicator and year, from ``source`` upwards.

    The areas of ``source`` keep their stored values; every coarser area they lie in (district,
    city) is re-added from them. Public tables are masked in one pass over all these levels, with
    a group per coarse area over its parts at each finer level, so that the district pages, the
    sub-area pages and the map all hide the same cells and none can be subtracted from another.
    Indicators that cannot be added up are published as stored, the city's included.

    Parameters
    ----------
    source
        The finest level with observations; see :func:`source_level`.
    found
        Area code -> stored cell (any level; only ``source`` and the city are read).
    """
    coarse = [lv for lv in _UPWARDS if RANK[lv] > RANK[source] and tree.members(lv)]
    cells = {c: found[c] for c in tree.members(source) if c in found}
    if kind is Kind.OTHER:
        # No size to check a median or mean against, and no way to add them up.
        shown: Shown = {c: (cell.value, None) for c, cell in cells.items()}
        if tree.city is not None and tree.city in found:
            shown[tree.city] = (found[tree.city].value, None)
        return shown
    for level in coarse:
        cells.update(level_cells(tree, level, source, found, kind))
    if not public:
        return {c: (cell.value, None) for c, cell in cells.items()}
    table = {c: TableCell(cell.value, cell.denominator) for c, cell in cells.items()}
    masked = suppress(table, _groups(tree, source, coarse), is_share=kind is Kind.SHARE, rule=rule)
    return {
        c: (None, None) if m.reason == "missing" else (m.value, m.reason) for c, m in masked.items()
    }


# Coarser levels a table adds up to, in order. RegSO is left out: it is a grouping parallel to
# the sub-areas and need not nest in districts.
_UPWARDS = (Level.SUB_AREA, Level.DISTRICT, Level.MUNICIPALITY)


def _groups(tree: AreaTree, source: Level, coarse: list[Level]) -> list[tuple[str, list[str]]]:
    groups: list[tuple[str, list[str]]] = []
    finer_levels = [source, *coarse]
    for index, level in enumerate(coarse, start=1):
        for finer in finer_levels[:index]:
            parts: dict[str, list[str]] = defaultdict(list)
            for code, parent in tree.membership(finer, level).items():
                parts[parent].append(code)
            groups.extend((parent, children) for parent, children in sorted(parts.items()))
    return groups


# Where the values of a level are added up from, finest first. RegSO comes last: it is a
# grouping parallel to the sub-areas and need not nest in districts.
_SOURCES = (Level.SUB_AREA, Level.DESO, Level.REGSO, Level.DISTRICT, Level.MUNICIPALITY)


def source_level(session: Session, level: Level) -> Level:
    """The finest level with observations that ``level`` can be added up from (or itself).

    Always starting from the finest level, even when a coarser one has stored values of its own,
    keeps every page's figures and disclosure mask consistent with every other page's.
    """
    observed = {
        Level(lv)
        for lv in session.scalars(
            select(Area.level).join(Observation, Observation.area_id == Area.id).distinct()
        )
    }
    if level in (Level.DESO, Level.REGSO):
        order: tuple[Level, ...] = (Level.DESO, level)
    else:
        order = _SOURCES
    usable = [lv for lv in order if lv in observed and RANK[lv] <= RANK[level]]
    return usable[0] if usable else level


def level_cells(
    tree: AreaTree, level: Level, source: Level, found: dict[str, Cell], kind: Kind
) -> dict[str, Cell]:
    """Cells of every area of ``level``: stored, or re-added from the ``source`` level."""
    if source is level:
        return {c: cell for c, cell in found.items() if tree.levels[c] is level}
    membership = tree.membership(source, level)
    small_cells = (cell for c, cell in found.items() if c in membership)
    result = aggregate(small_cells, membership, kind, targets=tree.members(level))
    return {
        c: Cell(c, agg.value if agg.ok else None, agg.numerator, agg.denominator)
        for c, agg in result.items()
    }
