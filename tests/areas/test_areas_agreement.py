"""The array-based area tables give the same numbers and hide the same cells as the plain rules.

The reference below is the straightforward definition the pages used before they were computed
in arrays: per indicator-year, every district and the city re-added with
:func:`kraftsamling.stats.aggregate.aggregate`, and the whole hierarchy masked in one pass by
:func:`kraftsamling.stats.disclosure.suppress`. It is checked against the pages on the demo data
and on a small city full of awkward cases (missing rows and counts, zero and small denominators,
fractional counts, a median, an empty district and a sub-area outside every district).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.areas import service
from kraftsamling.areas.tables import AreaTree
from kraftsamling.core.db import transaction
from kraftsamling.demo.generate import generate
from kraftsamling.stats.aggregate import Cell, aggregate
from kraftsamling.stats.disclosure import DisclosureRule, TableCell, suppress
from kraftsamling.stats.kinds import Kind, kind_of, parse_direction
from kraftsamling.stats.levels import RANK, Level
from kraftsamling.stats.models import Area, Indicator, Observation

Shown = dict[str, tuple[float | None, str | None]]
UPWARDS = (Level.SUB_AREA, Level.DISTRICT, Level.MUNICIPALITY)
SOURCES = (Level.SUB_AREA, Level.DESO, Level.REGSO, Level.DISTRICT, Level.MUNICIPALITY)


# ------------------------------------------------------------------ the reference definition


def reference_cells(session: Session, levels: set[Level]) -> dict[tuple[str, int], dict[str, Cell]]:
    query = (
        select(Area.code, Observation.indicator_id, Observation.year, Observation.value,
               Observation.numerator, Observation.denominator)
        .join(Area, Observation.area_id == Area.id)
        .where(Area.level.in_([lv.value for lv in levels]))
    )  # fmt: skip
    found: dict[tuple[str, int], dict[str, Cell]] = defaultdict(dict)
    for code, indicator, year, value, numerator, denominator in session.execute(query):
        found[(indicator, year)][code] = Cell(code, value, numerator, denominator)
    return found


def reference_table(
    tree: AreaTree, source: Level, found: dict[str, Cell], kind: Kind, *, public: bool
) -> Shown:
    rule = DisclosureRule()
    coarse = [lv for lv in UPWARDS if RANK[lv] > RANK[source] and tree.members(lv)]
    cells = {c: found[c] for c in tree.members(source) if c in found}
    if kind is Kind.OTHER:
        shown: Shown = {c: (cell.value, None) for c, cell in cells.items()}
        if tree.city is not None and tree.city in found:
            shown[tree.city] = (found[tree.city].value, None)
        return shown
    for level in coarse:
        membership = tree.membership(source, level)
        small = (cell for c, cell in found.items() if c in membership)
        result = aggregate(small, membership, kind, targets=tree.members(level))
        cells.update(
            {c: Cell(c, a.value if a.ok else None, a.numerator, a.denominator)
             for c, a in result.items()}
        )  # fmt: skip
    if not public:
        return {c: (cell.value, None) for c, cell in cells.items()}
    groups: list[tuple[str, list[str]]] = []
    finer_levels = [source, *coarse]
    for index, level in enumerate(coarse, start=1):
        for finer in finer_levels[:index]:
            parts: dict[str, list[str]] = defaultdict(list)
            for code, parent in tree.membership(finer, level).items():
                parts[parent].append(code)
            groups.extend(sorted(parts.items()))
    table = {c: TableCell(cell.value, cell.denominator) for c, cell in cells.items()}
    masked = suppress(table, groups, is_share=kind is Kind.SHARE, rule=rule)
    return {
        c: (None, None) if m.reason == "missing" else (m.value, m.reason) for c, m in masked.items()
    }


def clean(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def reference_series(session: Session, code: str, *, public: bool) -> list[tuple]:
    level = Level(session.scalar(select(Area.level).where(Area.code == code)))
    tree = AreaTree.load(session)
    observed = {
        Level(lv)
        for lv in session.scalars(
            select(Area.level).join(Observation, Observation.area_id == Area.id).distinct()
        )
    }
    order = (Level.DESO, level) if level in (Level.DESO, Level.REGSO) else SOURCES
    usable = [lv for lv in order if lv in observed and RANK[lv] <= RANK[level]]
    source = usable[0] if usable else level
    cells = reference_cells(session, {level, source, Level.MUNICIPALITY})
    series = []
    for indicator in session.scalars(select(Indicator).order_by(Indicator.id)):
        years = sorted(
            y
            for (i, y), found in cells.items()
            if i == indicator.id and any(tree.levels[c] is source for c in found)
        )
        points = []
        for year in years:
            shown = reference_table(
                tree, source, cells[(indicator.id, year)], indicator.kind, public=public
            )
            value, hidden = shown.get(code, (None, None))
            city = shown.get(tree.city, (None, None))[0] if tree.city else None
            points.append((year, clean(value), clean(city), hidden))
        if points:
            series.append((indicator.id, indicator.kind.value, points))
    return series


def reference_map(session: Session, indicator_id: str, year: int) -> Shown:
    tree = AreaTree.load(session)
    indicator = session.get(Indicator, indicator_id)
    assert indicator is not None
    found = reference_cells(session, {Level.SUB_AREA, Level.MUNICIPALITY}).get(
        (indicator_id, year), {}
    )
    shown = reference_table(tree, Level.SUB_AREA, found, indicator.kind, public=True)
    return {c: v for c, v in shown.items() if tree.levels[c] is Level.SUB_AREA}


def page_series(profile: service.AreaProfile) -> list[tuple]:
    return [
        (s.id, s.kind, [(p.year, p.value, p.city, p.hidden) for p in s.points])
        for s in profile.series
    ]


def check_agrees(factory: sessionmaker[Session], codes: list[str]) -> None:
    with factory() as session:
        for code in codes:
            for public in (False, True):
                page = page_series(service.area_profile(session, code=code, public=public))
                assert page == reference_series(session, code, public=public), (code, public)


def check_map_agrees(factory: sessionmaker[Session], keys: list[tuple[str, int]]) -> None:
    with factory() as session:
        for indicator_id, year in keys:
            drawn = service.public_map(session, indicator_id=indicator_id, year=year)
            expected = reference_map(session, indicator_id, year)
            assert drawn.areas, (indicator_id, year)
            for area in drawn.areas:
                assert (area.value, area.hidden) == expected.get(area.code, (None, None)), (
                    indicator_id, year, area.code,
                )  # fmt: skip


# ------------------------------------------------------------------------- the demo data


def _number(value: object) -> float | None:
    return None if pd.isna(value) else float(value)  # type: ignore[arg-type]


@pytest.fixture
def demo_city(session_factory: sessionmaker[Session]) -> Iterator[sessionmaker[Session]]:
    data = generate()
    shapes = {
        f["properties"]["code"]: json.dumps(f["geometry"]) for f in data.boundaries["features"]
    }
    with transaction(session_factory) as session:
        ids: dict[str, int] = {}
        for row in data.areas.itertuples():
            area = Area(
                code=row.code, name=row.name, level=row.level, synthetic=True,
                parent_id=ids.get(row.parent_code), boundary=shapes.get(row.code),
            )  # fmt: skip
            session.add(area)
            session.flush()
            ids[row.code] = area.id
        for row in data.indicators.itertuples():
            session.add(
                Indicator(id=row.id, name_sv=row.name_sv, name_en=row.name_en, unit=row.unit,
                          direction=parse_direction(row.direction).value,
                          is_share=bool(row.is_share))
            )  # fmt: skip
        session.flush()
        session.execute(
            insert(Observation),
            [
                {"area_id": ids[row.area], "indicator_id": row.indicator, "year": int(row.year),
                 "value": float(row.value), "numerator": _number(row.numerator),
                 "denominator": _number(row.denominator)}
                for row in data.observations.itertuples()
            ],
        )  # fmt: skip
    yield session_factory


def test_demo_profiles_and_map_agree_with_the_plain_rules(
    demo_city: sessionmaker[Session],
) -> None:
    small = [("upper_secondary_eligible", 2017), ("population_16_24", 2025),
             ("child_poverty", 2019), ("working_or_studying_20_24", 2016)]  # fmt: skip
    with demo_city() as session:
        subs = AreaTree.load(session).members(Level.SUB_AREA)
        # Sub-areas the map hides in some year: the demo keeps a few small places.
        hidden = sorted(
            {a.code for ind, year in small
             for a in service.public_map(session, indicator_id=ind, year=year).areas if a.hidden}
        )  # fmt: skip
    assert len(hidden) >= 3
    codes = [*hidden[:3], subs[0], subs[-1], "1280-D01", "1280-D05", "1280"]
    check_agrees(demo_city, codes)
    check_map_agrees(demo_city, [*small, ("population", 2021)])


# ---------------------------------------------------------------------- an awkward city


def insert_awkward_city(session: Session) -> None:
    """Two districts with sub-areas, an empty district, a sub-area hanging from the city."""
    city = Area(code="9999", name="Kantstad", level="municipality")
    d1 = Area(code="K-D1", name="Norr", level="district", parent=city)
    d2 = Area(code="K-D2", name="Syd", level="district", parent=city)
    empty = Area(code="K-D3", name="Tom", level="district", parent=city)
    square = json.dumps({"type": "Polygon", "coordinates": [[[13, 55], [13.1, 55], [13.1, 55.1],
                                                              [13, 55]]]})  # fmt: skip
    subs = [Area(code=f"K-S{i}", name=f"Del {i}", level="sub_area", boundary=square,
                 parent=d1 if i < 4 else d2 if i < 7 else city) for i in range(1, 9)]  # fmt: skip
    session.add_all([city, d1, d2, empty, *subs])
    session.add_all(
        [
            Indicator(id="a_share", name_sv="Andel", unit="percent", direction="higher_is_worse",
                      is_share=True),
            Indicator(id="b_count", name_sv="Antal", unit="count", direction="neutral"),
            Indicator(id="c_median", name_sv="Median", unit="SEK", direction="neutral"),
        ]
    )  # fmt: skip
    session.flush()
    rows = []
    for year in (2021, 2022, 2023, 2024):
        for n, sub in enumerate(subs, start=1):
            step = (n * 7 + year) % 11
            if (n, year) == (2, 2022):
                continue  # no row at all: every sum over K-S2 is incomplete that year
            num, den = float(step * 3), float(step * 5 + (0 if year == 2024 else 4))
            if year == 2023:
                num += 0.1  # weighted estimates: sums that fsum must add exactly
            if (n, year) == (5, 2021):
                num = None  # a share without its counts cannot be re-added
            if (n, year) == (6, 2024):
                num, den = 0.0, 0.0  # a zero denominator
            rows.append(dict(area_id=sub.id, indicator_id="a_share", year=year,
                             value=None if den in (None, 0.0) else 100 * (num or 0) / den,
                             numerator=num, denominator=den))  # fmt: skip
            count = None if (n, year) == (7, 2023) else float((n * year) % 9)
            rows.append(dict(area_id=sub.id, indicator_id="b_count", year=year, value=count))
            rows.append(dict(area_id=sub.id, indicator_id="c_median", year=year,
                             value=None if n == 3 else 1000.0 * n + year))  # fmt: skip
        rows.append(dict(area_id=city.id, indicator_id="c_median", year=year, value=5000.0 + year))
    session.execute(insert(Observation), rows)


@pytest.fixture
def awkward_city(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with transaction(session_factory) as session:
        insert_awkward_city(session)
    return session_factory


def test_awkward_city_agrees_with_the_plain_rules(awkward_city: sessionmaker[Session]) -> None:
    with awkward_city() as session:
        codes = list(session.scalars(select(Area.code).order_by(Area.code)))
        hidden = {
            p.hidden
            for code in codes
            for s in service.area_profile(session, code=code, public=True).series
            for p in s.points
        }
    assert {"primary", "secondary"} <= hidden  # the checks below would not be vacuous
    check_agrees(awkward_city, codes)
    check_map_agrees(
        awkward_city,
        [(ind, year) for ind in ("a_share", "b_count", "c_median") for year in (2021, 2022, 2023,
                                                                               2024)],
    )  # fmt: skip


def test_a_rule_without_secondary_suppression_also_agrees(
    awkward_city: sessionmaker[Session],
) -> None:
    rule = DisclosureRule(min_count=3, min_denominator=20, hide_zero=True, secondary=False)
    with awkward_city() as session:
        tree = AreaTree.load(session)
        cells = reference_cells(session, {Level.SUB_AREA, Level.MUNICIPALITY})
        for (indicator_id, year), found in sorted(cells.items()):
            indicator = session.get(Indicator, indicator_id)
            assert indicator is not None
            kind = kind_of(indicator.is_share, indicator.unit)
            drawn = service.public_map(session, indicator_id=indicator_id, year=year, rule=rule)
            expected = _reference_with(tree, found, kind, rule)
            assert {a.code: (a.value, a.hidden) for a in drawn.areas} == {
                c: expected.get(c, (None, None)) for c in tree.members(Level.SUB_AREA)
            }


def _reference_with(
    tree: AreaTree, found: dict[str, Cell], kind: Kind, rule: DisclosureRule
) -> Shown:
    coarse = [Level.DISTRICT, Level.MUNICIPALITY]
    cells = {c: found[c] for c in tree.members(Level.SUB_AREA) if c in found}
    if kind is Kind.OTHER:
        return {c: (cell.value, None) for c, cell in cells.items()}
    for level in coarse:
        membership = tree.membership(Level.SUB_AREA, level)
        result = aggregate((cell for c, cell in found.items() if c in membership), membership,
                           kind, targets=tree.members(level))  # fmt: skip
        cells.update({c: Cell(c, a.value if a.ok else None, a.numerator, a.denominator)
                      for c, a in result.items()})  # fmt: skip
    table = {c: TableCell(cell.value, cell.denominator) for c, cell in cells.items()}
    masked = suppress(table, [], is_share=kind is Kind.SHARE, rule=rule)
    return {c: (None, None) if m.reason == "missing" else (m.value, m.reason)
            for c, m in masked.items()}  # fmt: skip
