"""The tables behind the area pages: the hierarchy, observations per indicator-year, the city value
re-added from its parts, and disclosure control over a whole level.

The city's value of a share is computed by re-adding the numerators and denominators of the areas
that make up the city (:func:`kraftsamling.stats.aggregate.aggregate_arrays`), never by averaging
percentages; counts are summed; other indicators (medians, means) cannot be added up, so the value
stored for the municipality itself is used.

A page shows every year of every indicator, so the observations are read once into arrays (one
row per indicator-year, one column per area; :func:`load_observed`) and each table is computed
for all rows of one kind of indicator at once (:func:`hierarchy_table`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import is_not
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from kraftsamling.stats.aggregate import CellArrays, aggregate_arrays
from kraftsamling.stats.disclosure import (
    MISSING,
    OUTSIDE,
    REASONS,
    SHOWN,
    DisclosureRule,
    suppress_arrays,
)
from kraftsamling.stats.kinds import Kind
from kraftsamling.stats.levels import RANK, Level, ancestor_at
from kraftsamling.stats.models import Area, Observation

Key = tuple[str, int]  # (indicator id, year)
_LEVELS = {level.value: level for level in Level}
Shown = dict[str, tuple[float | None, str | None]]


@dataclass
class AreaTree:
    """The whole area hierarchy as plain maps keyed by code."""

    levels: dict[str, Level]
    parents: dict[str, str | None]
    city: str | None
    ids: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    _ancestors: dict[tuple[str, Level], str | None] = field(default_factory=dict)
    _members: dict[Level, list[str]] = field(default_factory=dict)
    _memberships: dict[tuple[Level, Level], dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> AreaTree:
        query = select(Area.id, Area.code, Area.name, Area.level, Area.parent_id)
        rows: list[tuple[int, str, str, str, int | None]] = [
            (area_id, code, name, level, parent)
            for area_id, code, name, level, parent in session.connection().execute(query).all()
        ]
        code_of = {area_id: code for area_id, code, *_ in rows}
        levels = {code: _LEVELS[level] for _, code, _, level, _ in rows}
        parents = {code: code_of.get(parent) if parent else None for _, code, _, _, parent in rows}
        cities = sorted(c for c, lv in levels.items() if lv is Level.MUNICIPALITY)
        ids = {code: area_id for area_id, code, *_ in rows}
        names = {code: name for _, code, name, _, _ in rows}
        return cls(levels, parents, cities[0] if cities else None, ids, names)

    def members(self, level: Level) -> list[str]:
        if level not in self._members:
            self._members[level] = sorted(c for c, lv in self.levels.items() if lv is level)
        return self._members[level]

    def ancestor(self, code: str, level: Level) -> str | None:
        """``code``'s ancestor at ``level``, remembered."""
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

    def children(self, code: str) -> list[str]:
        """The areas whose parent is ``code``."""
        return [c for c, parent in self.parents.items() if parent == code]


# Coarser levels a table adds up to, in order. RegSO is left out: it is a grouping parallel to
# the sub-areas and need not nest in districts.
_UPWARDS = (Level.SUB_AREA, Level.DISTRICT, Level.MUNICIPALITY)


@dataclass(frozen=True)
class Hierarchy:
    """The cells of a table from ``source`` upwards and the groups of cells that add up.

    Columns are the areas of ``source`` (sorted by code), then those of each coarser level in
    turn; ``coarse`` gives, per coarser level, its first column and each source area's index
    among that level's areas (-1 when it lies in none).
    """

    source: Level
    codes: tuple[str, ...]
    position: dict[str, int]
    n_source: int
    coarse: tuple[tuple[int, int, npt.NDArray[np.intp]], ...]
    groups: tuple[tuple[int, tuple[int, ...]], ...]

    @classmethod
    def of(cls, tree: AreaTree, source: Level) -> Hierarchy:
        """The table of ``tree`` whose finest level is ``source``."""
        levels = [lv for lv in _UPWARDS if RANK[lv] > RANK[source] and tree.members(lv)]
        sources = tree.members(source)
        codes = list(sources)
        starts = []
        for level in levels:
            starts.append(len(codes))
            codes.extend(tree.members(level))
        position = {code: i for i, code in enumerate(codes)}
        coarse = []
        for level, start in zip(levels, starts, strict=True):
            membership = tree.membership(source, level)
            member_of = [
                position[membership[c]] - start if c in membership else -1 for c in sources
            ]
            coarse.append((start, len(tree.members(level)), np.array(member_of, dtype=np.intp)))
        groups = tuple(
            (position[parent], tuple(position[c] for c in children))
            for parent, children in _groups(tree, source, levels)
        )
        return cls(source, tuple(codes), position, len(sources), tuple(coarse), groups)


def _groups(tree: AreaTree, source: Level, coarse: list[Level]) -> list[tuple[str, list[str]]]:
    """Each coarse area over its parts at every finer level of the table, coarse levels in order."""
    groups: list[tuple[str, list[str]]] = []
    finer_levels = [source, *coarse]
    for index, level in enumerate(coarse, start=1):
        for finer in finer_levels[:index]:
            parts: dict[str, list[str]] = defaultdict(list)
            for code, parent in tree.membership(finer, level).items():
                parts[parent].append(code)
            groups.extend((parent, children) for parent, children in sorted(parts.items()))
    return groups


@dataclass(frozen=True)
class Observed:
    """Stored observations of a hierarchy's source areas: one row per key (indicator, year), one
    column per source area; ``present`` tells which areas have a stored row at all."""

    keys: tuple[Key, ...]
    cells: CellArrays
    present: npt.NDArray[np.bool_]

    def take(self, rows: Sequence[int]) -> Observed:
        """The observations of ``rows`` only."""
        index = np.asarray(rows, dtype=np.intp)
        c = self.cells
        cells = CellArrays(
            c.value[index], c.numerator[index], c.denominator[index],
            c.has_value[index], c.has_numerator[index], c.has_denominator[index],
        )  # fmt: skip
        return Observed(tuple(self.keys[i] for i in index), cells, self.present[index])


def load_observed(
    session: Session,
    tree: AreaTree,
    hierarchy: Hierarchy,
    indicator_ids: Sequence[str],
    *,
    keys: Sequence[Key] | None = None,
) -> Observed:
    """The observations of ``hierarchy``'s source areas, read with one plain select.

    Without ``keys``: a row for every (indicator, year) of ``indicator_ids`` with at least one
    observation, in the order of ``indicator_ids`` and then by year. With ``keys``: a row for
    each of them, empty or not.
    """
    query = (
        select(
            Observation.area_id, Observation.indicator_id, Observation.year,
            Observation.value, Observation.numerator, Observation.denominator,
        )
        .join(Area, Observation.area_id == Area.id)
        .where(Area.level == hierarchy.source.value)
    )  # fmt: skip
    if keys is not None:
        # A few indicator-years: found through the index on them. Every indicator is read in one
        # pass over the source areas instead, which is quicker than an index lookup per row.
        query = query.where(Observation.indicator_id.in_({ind for ind, _ in keys}))
        if len({year for _, year in keys}) == 1:
            query = query.where(Observation.year == keys[0][1])
    area_ids, indicators, years, values, numerators, denominators = _columns(session, query)
    keys, rows_at = _rows_of(indicators, years, indicator_ids, keys)
    column_of = np.full(max(tree.ids.values(), default=0) + 2, -1, dtype=np.intp)
    for i, code in enumerate(hierarchy.codes[: hierarchy.n_source]):
        column_of[tree.ids[code]] = i
    ids = np.fromiter(area_ids, np.intp, len(area_ids))
    columns = column_of[np.clip(ids, -1, len(column_of) - 1)]  # -1: not a source area
    keep = (rows_at >= 0) & (columns >= 0)
    at = (rows_at[keep], columns[keep])
    shape = (len(keys), hierarchy.n_source)
    present = np.zeros(shape, dtype=bool)
    present[at] = True
    (value, has_value), (numerator, has_numerator), (denominator, has_denominator) = (
        _scatter(shape, at, keep, numbers) for numbers in (values, numerators, denominators)
    )
    cells = CellArrays(value, numerator, denominator, has_value, has_numerator, has_denominator)
    return Observed(tuple(keys), cells, present)


def _columns(session: Session, query: Select[*tuple[Any, ...]]) -> list[list[Any]]:
    """The result of ``query`` as one list per column.

    Plain rows from the connection, since ORM rows would cost as much again as the read; taken
    a part at a time, so that thousands of rows are never alive at once (they would survive into
    the garbage collector's oldest generation, and make its full collections more frequent).
    """
    result = session.connection().execute(query)
    columns: list[list[Any]] = [[] for _ in query.selected_columns]
    for part in result.partitions(2000):
        for column, values in zip(columns, zip(*part, strict=True), strict=True):
            column.extend(values)
    return columns


def _rows_of(
    indicators: Sequence[str],
    years: Sequence[int],
    indicator_ids: Sequence[str],
    keys: Sequence[Key] | None,
) -> tuple[Sequence[Key], npt.NDArray[np.intp]]:
    """The keys (all pairs found, when not given) and each observation's row among them (-1 for
    none), through one number per (indicator, year) that sorts as the keys are to be sorted."""
    count = len(indicators)
    order = {ind: i for i, ind in enumerate(indicator_ids)}
    position = np.fromiter(map(order.get, indicators, repeat(-1)), np.intp, count)
    year_at = np.fromiter(years, np.intp, count)
    first = int(year_at.min()) if count else 0
    span = int(year_at.max()) - first + 1 if count else 1
    pairs, inverse = np.unique(position * span + (year_at - first), return_inverse=True)
    found = [
        (indicator_ids[p // span], p % span + first) if p >= 0 else None for p in pairs.tolist()
    ]
    if keys is None:
        keys = [key for key in found if key is not None]
    row_of = {key: i for i, key in enumerate(keys)}
    rows_at = np.array([row_of.get(key, -1) if key else -1 for key in found], np.intp)
    return keys, rows_at[inverse]


def _scatter(
    shape: tuple[int, int],
    at: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]],
    keep: npt.NDArray[np.bool_],
    numbers: list[float | None],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """The kept numbers placed at ``at`` in a NaN array, and where a number (even NaN) is stored."""
    values = np.array(numbers, dtype=np.float64).reshape(-1)  # None becomes NaN
    stored = ~np.isnan(values)
    if len(values) - stored.sum() != numbers.count(None):
        # A stored NaN (PostgreSQL keeps them) is not a missing number.
        stored = np.fromiter(map(is_not, numbers, repeat(None)), dtype=bool, count=len(numbers))
    array = np.full(shape, np.nan)
    known = np.zeros(shape, dtype=bool)
    array[at] = values[keep]
    known[at] = stored[keep]
    return array, known


def load_city_values(
    session: Session, tree: AreaTree, indicator_ids: Sequence[str]
) -> dict[Key, float | None]:
    """The values stored for the city itself, for indicators that cannot be added up."""
    if tree.city is None or not indicator_ids:
        return {}
    query = select(Observation.indicator_id, Observation.year, Observation.value).where(
        Observation.area_id == tree.ids[tree.city],
        Observation.indicator_id.in_(indicator_ids),
    )
    return {(ind, year): value for ind, year, value in session.connection().execute(query)}


@dataclass(frozen=True)
class Table:
    """Every cell's shown value and hidden reason in each row (indicator-year) of a table.

    ``reason`` holds the codes of :func:`kraftsamling.stats.disclosure.suppress_arrays`;
    ``OUTSIDE`` marks a cell with nothing to show (no stored row, or not part of this table).
    ``none`` marks a value that is ``None`` rather than a number (NaN stays NaN, as stored).
    """

    codes: tuple[str, ...]
    position: dict[str, int]
    value: npt.NDArray[np.float64]
    none: npt.NDArray[np.bool_]
    reason: npt.NDArray[np.int8]

    def column(self, code: str) -> list[tuple[float | None, str | None]]:
        """Area ``code``'s (value, hidden reason) in every row; (None, None) when not shown."""
        if code not in self.position:
            return [(None, None)] * self.value.shape[0]
        at = self.position[code]
        cells = zip(
            self.value[:, at].tolist(), self.none[:, at].tolist(), self.reason[:, at].tolist(),
            strict=True,
        )  # fmt: skip
        return [_cell(value, none, reason) for value, none, reason in cells]

    def shown(self, row: int) -> Shown:
        """Row ``row`` as area code -> (value, hidden reason), for the cells it shows."""
        cells = zip(
            self.codes, self.value[row].tolist(), self.none[row].tolist(),
            self.reason[row].tolist(), strict=True,
        )  # fmt: skip
        return {c: _cell(v, n, r) for c, v, n, r in cells if r != OUTSIDE}


def _cell(value: float, none: bool, reason: int) -> tuple[float | None, str | None]:
    if reason in (OUTSIDE, MISSING):
        return (None, None)
    if reason != SHOWN:
        return (None, REASONS[reason])
    return (None if none else value, None)


def hierarchy_table(
    hierarchy: Hierarchy,
    observed: Observed,
    kind: Kind,
    *,
    public: bool,
    rule: DisclosureRule,
    city_values: dict[Key, float | None] | None = None,
    city: str | None = None,
) -> Table:
    """Every area's shown value and hidden reason of one kind of indicator, from the source
    level upwards, for every row (indicator-year) of ``observed``.

    The areas of the source level keep their stored values; every coarser area they lie in
    (district, city) is re-added from them. Public tables are masked in one pass over all these
    levels, with a group per coarse area over its parts at each finer level, so that the
    district pages, the sub-area pages and the map all hide the same cells and none can be
    subtracted from another. Indicators that cannot be added up are published as stored, the
    city's (``city_values``, keyed by (indicator, year), for area ``city``) included.
    """
    shape = (len(observed.keys), len(hierarchy.codes))
    n = hierarchy.n_source
    cells = observed.cells
    value = np.full(shape, np.nan)
    none = np.ones(shape, dtype=bool)
    denominator = np.full(shape, np.nan)
    known_denominator = np.zeros(shape, dtype=bool)
    in_table = np.zeros(shape, dtype=bool)
    value[:, :n], none[:, :n], in_table[:, :n] = cells.value, ~cells.has_value, observed.present
    denominator[:, :n], known_denominator[:, :n] = cells.denominator, cells.has_denominator
    if kind is Kind.OTHER:
        # No size to check a median or mean against, and no way to add them up.
        if city is not None and city in hierarchy.position and city_values is not None:
            _place_city(value, none, in_table, hierarchy.position[city], observed.keys, city_values)
        reason = np.where(in_table, SHOWN, OUTSIDE).astype(np.int8)
        return Table(hierarchy.codes, hierarchy.position, value, none, reason)
    for start, size, member_of in hierarchy.coarse:
        parts = slice(start, start + size)
        result = aggregate_arrays(cells, member_of, size, kind)
        value[:, parts], none[:, parts], in_table[:, parts] = result.value, ~result.ok, True
        denominator[:, parts], known_denominator[:, parts] = result.denominator, result.ok
    if not public:
        reason = np.where(in_table, SHOWN, OUTSIDE).astype(np.int8)
    else:
        reason = suppress_arrays(
            value, denominator, in_table, hierarchy.groups, hierarchy.codes,
            is_share=kind is Kind.SHARE, rule=rule, has_denominator=known_denominator,
        )  # fmt: skip
    return Table(hierarchy.codes, hierarchy.position, value, none, reason)


def _place_city(
    value: npt.NDArray[np.float64],
    none: npt.NDArray[np.bool_],
    in_table: npt.NDArray[np.bool_],
    at: int,
    keys: Sequence[Key],
    city_values: dict[Key, float | None],
) -> None:
    for row, key in enumerate(keys):
        if key in city_values:
            stored = city_values[key]
            in_table[row, at] = True
            none[row, at] = stored is None
            value[row, at] = np.nan if stored is None else stored


# Where the values of a level are added up from, finest first. RegSO comes last: it is a
# grouping parallel to the sub-areas and need not nest in districts.
_SOURCES = (Level.SUB_AREA, Level.DESO, Level.REGSO, Level.DISTRICT, Level.MUNICIPALITY)


def source_level(session: Session, level: Level) -> Level:
    """The finest level with observations that ``level`` can be added up from (or itself).

    Always starting from the finest level, even when a coarser one has stored values of its own,
    keeps every page's figures and disclosure mask consistent with every other page's.
    """
    # One index probe per area instead of a pass over every observation.
    has_data = exists().where(Observation.area_id == Area.id)
    query = select(Area.level).where(has_data).distinct()
    observed = {Level(lv) for lv in session.connection().execute(query).scalars()}
    if level in (Level.DESO, Level.REGSO):
        order: tuple[Level, ...] = (Level.DESO, level)
    else:
        order = _SOURCES
    usable = [lv for lv in order if lv in observed and RANK[lv] <= RANK[level]]
    return usable[0] if usable else level
