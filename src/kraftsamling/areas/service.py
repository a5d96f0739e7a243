"""Queries behind the area pages; each returns plain dataclasses, never ORM objects.

The city's value of a share is always computed by re-adding the numerators and denominators of
the areas that make up the city (:func:`kraftsamling.stats.aggregate.aggregate`), never by
averaging percentages. Counts are summed. Other indicators (medians, means) cannot be added up,
so the value stored for the municipality itself is shown.

Public views pass every cell through :func:`kraftsamling.stats.disclosure.suppress` in one pass
over the whole hierarchy (sub-areas, districts, the city; see
:func:`kraftsamling.areas.tables.hierarchy_table`), so every page hides the same cells and a
hidden cell cannot be recovered by subtracting cells shown on other public pages.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.areas.svg_map import (
    NO_DATA,
    PALETTE,
    Projection,
    bounds_of,
    class_breaks,
    class_of,
    parse_boundary,
    svg_path,
)
from kraftsamling.areas.tables import AreaTree, hierarchy_table, load_cells, source_level
from kraftsamling.core.errors import NotFound
from kraftsamling.runs.reference import AreaIndex, area_index
from kraftsamling.stats.disclosure import DisclosureRule
from kraftsamling.stats.levels import Level, parse_level
from kraftsamling.stats.models import Area, Indicator, Observation

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
    area = session.scalar(select(Area).where(Area.code == code))
    if area is None:
        raise NotFound(f"No area has the code {code!r}.")
    level = Level(area.level)
    tree = AreaTree.load(session)
    indicators = list(session.scalars(select(Indicator).order_by(Indicator.id)))
    ids = [i.id for i in indicators]
    source = source_level(session, level)
    levels = {level, source} | ({Level.MUNICIPALITY} if tree.city else set())
    cells = load_cells(session, ids, levels)
    series = []
    for indicator in indicators:
        years = sorted(
            y
            for (i, y), found in cells.items()
            if i == indicator.id and any(tree.levels[c] is source for c in found)
        )
        points = []
        for year in years:
            found = cells[(indicator.id, year)]
            shown = hierarchy_table(tree, source, found, indicator.kind, public=public, rule=rule)
            city_value = shown.get(tree.city, (None, None))[0] if tree.city else None
            value, hidden = shown.get(code, (None, None))
            points.append(Point(year, _clean(value), _clean(city_value), hidden))
        if points:
            series.append(
                IndicatorSeries(
                    indicator.id, indicator.name_sv, indicator.name_en or indicator.name_sv,
                    indicator.unit, indicator.kind.value, tuple(points),
                )
            )  # fmt: skip
    children = sorted(area.children, key=lambda a: (a.name, a.code))
    city = session.scalar(select(Area).where(Area.code == tree.city)) if tree.city else None
    # A public page hides the same cells in the index drivers as in the tables above them.
    hidden_cells = {(s.id, p.year) for s in series for p in s.points if p.hidden}
    return AreaProfile(
        area=_ref(area),
        parent=_ref(area.parent) if area.parent else None,
        children=tuple(_ref(c) for c in children),
        city=_ref(city) if city is not None else None,
        series=tuple(series),
        synthetic=area.synthetic,
        public=public,
        index=area_index(session, code=code, hidden=hidden_cells),
    )


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
    year with sub-area observations.

    Raises
    ------
    NotFound
        When ``indicator_id`` or ``year`` has no data.
    """
    rule = rule or DisclosureRule()
    indicators = list(session.scalars(select(Indicator).order_by(Indicator.id)))
    choices = tuple(IndicatorChoice(i.id, i.name_sv, i.name_en or i.name_sv) for i in indicators)
    areas = list(session.scalars(select(Area).where(Area.level == Level.SUB_AREA.value)))
    synthetic = any(a.synthetic for a in areas)
    if not indicators:
        return PublicMap(None, "", None, (), (), (), (), MAP_WIDTH, MAP_HEIGHT, synthetic)
    chosen = next((i for i in indicators if i.id == indicator_id), None)
    if chosen is None:
        if indicator_id is not None:
            raise NotFound(f"No indicator has the id {indicator_id!r}.")
        chosen = indicators[0]
    years = tuple(
        session.scalars(
            select(Observation.year)
            .join(Area, Observation.area_id == Area.id)
            .where(Observation.indicator_id == chosen.id, Area.level == Level.SUB_AREA.value)
            .distinct()
            .order_by(Observation.year)
        )
    )
    if year is None and years:
        year = years[-1]
    if year is not None and years and year not in years:
        raise NotFound(f"Indicator {chosen.id!r} has no sub-area data for {year}.")
    tree = AreaTree.load(session)
    cells = load_cells(session, [chosen.id], {Level.SUB_AREA, Level.MUNICIPALITY})
    found = cells.get((chosen.id, year), {}) if year is not None else {}
    shown = hierarchy_table(tree, Level.SUB_AREA, found, chosen.kind, public=True, rule=rule)
    drawn = _draw(areas, shown)
    choice = IndicatorChoice(chosen.id, chosen.name_sv, chosen.name_en or chosen.name_sv)
    return PublicMap(
        choice, chosen.unit, year, choices, years, drawn[0], drawn[1],
        MAP_WIDTH, MAP_HEIGHT, synthetic,
    )  # fmt: skip


def value_map(session: Session, *, level: str, values: Mapping[str, float | None]) -> ValueMap:
    """The areas of ``level`` that have a boundary, coloured by ``values`` (code -> value) in
    equal-count classes; areas without a value are drawn white."""
    areas = list(session.scalars(select(Area).where(Area.level == parse_level(level).value)))
    drawn, legend = _draw(areas, {code: (value, None) for code, value in values.items()})
    return ValueMap(drawn, legend, MAP_WIDTH, MAP_HEIGHT, any(a.synthetic for a in areas))


def _draw(
    areas: Sequence[Area], shown: dict[str, tuple[float | None, str | None]]
) -> tuple[tuple[MapArea, ...], tuple[LegendEntry, ...]]:
    with_shape = [(a, parse_boundary(a.boundary)) for a in areas if a.boundary]
    values = [v for a, _ in with_shape if (v := shown.get(a.code, (None, None))[0]) is not None]
    breaks = class_breaks(values)
    legend = tuple(
        LegendEntry(PALETTE[i], breaks[i - 1] if i else min(values), bound)
        for i, bound in enumerate(breaks)
    )
    if not with_shape:
        return (), legend
    projection = Projection.fit(bounds_of(g for _, g in with_shape), MAP_WIDTH, MAP_HEIGHT)
    drawn = []
    for area, geometry in sorted(with_shape, key=lambda pair: (pair[0].name, pair[0].code)):
        value, hidden = shown.get(area.code, (None, None))
        index = class_of(value, breaks) if value is not None and breaks else None
        drawn.append(
            MapArea(
                area.code, area.name, svg_path(geometry, projection), value, hidden,
                PALETTE[index] if index is not None else NO_DATA, index,
            )
        )  # fmt: skip
    return tuple(drawn), legend
