"""Queries behind the area pages; each returns plain dataclasses, never ORM objects.

The city's value of a share is always computed by re-adding the numerators and denominators of
the areas that make up the city (:func:`kraftsamling.stats.aggregate.aggregate_arrays`), never by
averaging percentages. Counts are summed. Other indicators (medians, means) cannot be added up,
so the value stored for the municipality itself is shown.

Public views pass every cell through disclosure control in one pass over the whole hierarchy
(sub-areas, districts, the city; see :func:`kraftsamling.areas.tables.hierarchy_table`), so every
page hides the same cells and a hidden cell cannot be recovered by subtracting cells shown on
other public pages.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.areas.svg_map import NO_DATA, PALETTE, class_breaks, class_of, drawn_paths
from kraftsamling.areas.tables import (
    AreaTree,
    Hierarchy,
    Shown,
    hierarchy_table,
    load_city_values,
    load_observed,
    source_level,
)
from kraftsamling.core.errors import NotFound
from kraftsamling.core.formatting import shortened
from kraftsamling.runs.reference import AreaIndex, area_index
from kraftsamling.stats.coverage import latest_year as latest_covered
from kraftsamling.stats.coverage import thin_years
from kraftsamling.stats.coverage import year_coverage as coverage_of
from kraftsamling.stats.disclosure import DisclosureRule
from kraftsamling.stats.kinds import Kind, kind_of
from kraftsamling.stats.levels import Level, parse_level
from kraftsamling.stats.models import Area, Indicator

MAP_WIDTH = 640
MAP_HEIGHT = 560


@dataclass(frozen=True)
class AreaRef:
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    parent: AreaRef | None


@dataclass(frozen=True)
class AreaList:
    level: str
    rows: tuple[AreaRow, ...]
    synthetic: bool


@dataclass(frozen=True)
class Point:
    """One year of a profile. ``value`` is None when missing or hidden; ``hidden`` says why."""

    year: int
    value: float | None
    city: float | None
    hidden: str | None = None  # "primary" | "secondary" | None


@dataclass(frozen=True)
class IndicatorSeries:
    id: str
    name_sv: str
    name_en: str
    unit: str
    kind: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class AreaProfile:
    """``index`` is the area in the reference run (None before any run has finished)."""

    area: AreaRef
    parent: AreaRef | None
    children: tuple[AreaRef, ...]
    city: AreaRef | None
    series: tuple[IndicatorSeries, ...]
    synthetic: bool
    public: bool
    index: AreaIndex | None = None


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    path: str
    value: float | None
    hidden: str | None
    colour: str
    class_index: int | None


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    low: float | None
    high: float | None


@dataclass(frozen=True)
class ValueMap:
    """A choropleth of one value per area (an index run's score), without disclosure control."""

    areas: tuple[MapArea, ...]
    legend: tuple[LegendEntry, ...]
    width: int
    height: int
    synthetic: bool


@dataclass(frozen=True)
class IndicatorChoice:
    id: str
    name_sv: str
    name_en: str


@dataclass(frozen=True)
class PublicMap:
    indicator: IndicatorChoice | None
    unit: str
    year: int | None
    indicators: tuple[IndicatorChoice, ...]
    years: tuple[int, ...]
    areas: tuple[MapArea, ...]
    legend: tuple[LegendEntry, ...]
    width: int
    height: int
    synthetic: bool
    thin_years: tuple[int, ...] = ()


def _ref(area: Area) -> AreaRef:
    return AreaRef(area.code, area.name, area.level)


def list_areas(session: Session, *, level: Level | str) -> AreaList:
    """Every area of ``level`` with its parent, sorted by name.

    Raises
    ------
    InvalidInput
        When ``level`` names no level.
    """
    level = parse_level(level) if isinstance(level, str) else level
    areas = list(session.scalars(select(Area).where(Area.level == level.value)))
    parents = {
        a.id: a
        for a in session.scalars(
            select(Area).where(Area.id.in_({a.parent_id for a in areas if a.parent_id}))
        )
    }
    rows = tuple(
        AreaRow(a.code, a.name, _ref(parents[a.parent_id]) if a.parent_id else None)
        for a in sorted(areas, key=lambda a: (a.name, a.code))
    )
    return AreaList(level.value, rows, any(a.synthetic for a in areas))


def stored_levels(session: Session) -> tuple[str, ...]:
    """The levels that have areas, from the smallest (DeSO) to the whole municipality."""
    present = set(session.scalars(select(Area.level).distinct()))
    return tuple(level.value for level in Level if level.value in present)


def area_profile(
    session: Session, *, code: str, public: bool, rule: DisclosureRule | None = None
) -> AreaProfile:
    """An area's indicators over the years next to the city's, with its parent and children,
    and what the reference run says about it (:func:`kraftsamling.runs.reference.area_index`).

    Parameters
    ----------
    code
        The area's code.
    public
        Apply disclosure control (``rule``, default :class:`DisclosureRule`) to the values.

    Raises
    ------
    NotFound
        When no area has ``code``.
    """
    rule = rule or DisclosureRule()
    area = (
        session.connection()
        .execute(select(Area.code, Area.name, Area.level, Area.synthetic).where(Area.code == code))
        .one_or_none()
    )
    if area is None:
        shown = shortened(code)
        raise NotFound(f"No area has the code {shown!r}.", key="areas.error.no_area", code=shown)
    tree = AreaTree.load(session)
    indicators = _indicators(session)
    source = source_level(session, Level(area.level))
    series = _series(session, tree, source, indicators, code, public=public, rule=rule)
    parent = tree.parents.get(code)
    children = sorted(tree.children(code), key=lambda c: (tree.names[c], c))
    # A public page hides the same cells in the index drivers as in the tables above them.
    hidden_cells = {(s.id, p.year) for s in series for p in s.points if p.hidden}
    return AreaProfile(
        area=AreaRef(area.code, area.name, area.level),
        parent=_tree_ref(tree, parent) if parent else None,
        children=tuple(_tree_ref(tree, c) for c in children),
        city=_tree_ref(tree, tree.city) if tree.city else None,
        series=tuple(series),
        synthetic=area.synthetic,
        public=public,
        index=area_index(session, code=code, hidden=hidden_cells),
    )


@dataclass(frozen=True)
class _Indicator:
    id: str
    name_sv: str
    name_en: str
    unit: str
    kind: Kind


def _indicators(session: Session) -> list[_Indicator]:
    query = select(
        Indicator.id, Indicator.name_sv, Indicator.name_en, Indicator.unit, Indicator.is_share
    ).order_by(Indicator.id)
    return [
        _Indicator(row.id, row.name_sv, row.name_en or row.name_sv, row.unit,
                   kind_of(row.is_share, row.unit))
        for row in session.connection().execute(query).all()
    ]  # fmt: skip


def _tree_ref(tree: AreaTree, code: str) -> AreaRef:
    return AreaRef(code, tree.names[code], tree.levels[code].value)


def _series(
    session: Session,
    tree: AreaTree,
    source: Level,
    indicators: Sequence[_Indicator],
    code: str,
    *,
    public: bool,
    rule: DisclosureRule,
) -> list[IndicatorSeries]:
    """Area ``code``'s and the city's value (and hidden reason) in every indicator-year with
    observations at ``source``, each kind of indicator computed in one pass over all its years."""
    hierarchy = Hierarchy.of(tree, source)
    observed = load_observed(session, tree, hierarchy, [i.id for i in indicators])
    kinds = {i.id: i.kind for i in indicators}
    others = [i.id for i in indicators if i.kind is Kind.OTHER]
    city_values = load_city_values(session, tree, others) if others else {}
    points: dict[str, list[Point]] = {i.id: [] for i in indicators}
    for kind in Kind:
        rows = [r for r, (ind, _) in enumerate(observed.keys) if kinds[ind] is kind]
        if not rows:
            continue
        part = observed.take(rows)
        table = hierarchy_table(
            hierarchy, part, kind, public=public, rule=rule,
            city_values=city_values, city=tree.city,
        )  # fmt: skip
        own = table.column(code)
        city = table.column(tree.city) if tree.city else [(None, None)] * len(rows)
        for (ind, year), (value, hidden), (city_value, _) in zip(part.keys, own, city, strict=True):
            points[ind].append(Point(year, _clean(value), _clean(city_value), hidden))
    return [
        IndicatorSeries(i.id, i.name_sv, i.name_en, i.unit, i.kind.value, tuple(points[i.id]))
        for i in indicators
        if points[i.id]
    ]


def _clean(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def public_map(
    session: Session,
    *,
    indicator_id: str | None,
    year: int | None,
    rule: DisclosureRule | None = None,
) -> PublicMap:
    """A choropleth of the sub-areas for one indicator and year, with suppression applied.

    Without ``indicator_id`` the first indicator (by id) is used; without ``year`` its latest
    year that covers at least half of the sub-areas (the rule of
    :mod:`kraftsamling.stats.coverage`), so one partial import cannot blank the map.
    ``thin_years`` lists the years with data below that rule.

    Raises
    ------
    NotFound
        When ``indicator_id`` or ``year`` has no data.
    """
    rule = rule or DisclosureRule()
    indicators = _indicators(session)
    choices = tuple(IndicatorChoice(i.id, i.name_sv, i.name_en) for i in indicators)
    areas = _shapes(session, Level.SUB_AREA)
    synthetic = any(a.synthetic for a in areas)
    if not indicators:
        return PublicMap(None, "", None, (), (), (), (), MAP_WIDTH, MAP_HEIGHT, synthetic)
    chosen = next((i for i in indicators if i.id == indicator_id), None)
    if chosen is None:
        if indicator_id is not None:
            asked = shortened(indicator_id)
            raise NotFound(
                f"No indicator has the id {asked!r}.", key="areas.error.no_indicator", id=asked
            )
        chosen = indicators[0]
    coverage = coverage_of(session, level=Level.SUB_AREA, indicators=[chosen.id])
    years = tuple(sorted(c.year for c in coverage))
    if year is None:
        year = latest_covered(coverage)
    if year is not None and years and year not in years:
        raise NotFound(
            f"Indicator {chosen.id!r} has no sub-area data for {year}.",
            key="areas.error.no_year", indicator=chosen.name_sv, year=year,
        )  # fmt: skip
    shown = _public_row(session, chosen, year, rule) if year is not None else {}
    drawn = _draw(areas, shown)
    choice = IndicatorChoice(chosen.id, chosen.name_sv, chosen.name_en)
    thin = tuple(sorted(c.year for c in thin_years(coverage)))
    return PublicMap(
        choice, chosen.unit, year, choices, years, drawn[0], drawn[1],
        MAP_WIDTH, MAP_HEIGHT, synthetic, thin,
    )  # fmt: skip


def _public_row(session: Session, indicator: _Indicator, year: int, rule: DisclosureRule) -> Shown:
    """Every area's public (value, hidden reason) of one indicator-year, sub-areas upwards."""
    tree = AreaTree.load(session)
    hierarchy = Hierarchy.of(tree, Level.SUB_AREA)
    key = (indicator.id, year)
    observed = load_observed(session, tree, hierarchy, [indicator.id], keys=[key])
    others = [indicator.id] if indicator.kind is Kind.OTHER else []
    table = hierarchy_table(
        hierarchy, observed, indicator.kind, public=True, rule=rule,
        city_values=load_city_values(session, tree, others), city=tree.city,
    )  # fmt: skip
    return table.shown(0)


def value_map(session: Session, *, level: str, values: Mapping[str, float | None]) -> ValueMap:
    """The areas of ``level`` that have a boundary, coloured by ``values`` (code -> value) in
    equal-count classes; areas without a value are drawn white."""
    areas = _shapes(session, parse_level(level))
    drawn, legend = _draw(areas, {code: (value, None) for code, value in values.items()})
    return ValueMap(drawn, legend, MAP_WIDTH, MAP_HEIGHT, any(a.synthetic for a in areas))


@dataclass(frozen=True)
class _Shape:
    code: str
    name: str
    boundary: str | None
    synthetic: bool


def _shapes(session: Session, level: Level) -> list[_Shape]:
    query = select(Area.code, Area.name, Area.boundary, Area.synthetic).where(
        Area.level == level.value
    )
    return [_Shape(*row) for row in session.connection().execute(query).all()]


def _draw(
    areas: Sequence[_Shape], shown: Shown
) -> tuple[tuple[MapArea, ...], tuple[LegendEntry, ...]]:
    with_shape = sorted((a for a in areas if a.boundary), key=lambda a: a.code)
    values = [v for a in with_shape if (v := shown.get(a.code, (None, None))[0]) is not None]
    breaks = class_breaks(values)
    legend = tuple(
        LegendEntry(PALETTE[i], breaks[i - 1] if i else min(values), bound)
        for i, bound in enumerate(breaks)
    )
    if not with_shape:
        return (), legend
    boundaries = tuple(a.boundary or "" for a in with_shape)
    paths = drawn_paths(boundaries, MAP_WIDTH, MAP_HEIGHT)
    drawn = []
    for area, path in sorted(
        zip(with_shape, paths, strict=True), key=lambda p: (p[0].name, p[0].code)
    ):
        value, hidden = shown.get(area.code, (None, None))
        index = class_of(value, breaks) if value is not None and breaks else None
        drawn.append(
            MapArea(
                area.code, area.name, path, value, hidden,
                PALETTE[index] if index is not None else NO_DATA, index,
            )
        )  # fmt: skip
    return tuple(drawn), legend
