"""Use cases on both backends: areas, indicators, observations, index input, aggregation, export."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core.errors import ImportFailed, InvalidInput, NotFound
from kraftsamling.stats.models import Area, Indicator, Observation
from kraftsamling.stats.service import (
    aggregate_to,
    export_boundaries,
    import_areas,
    import_indicators,
    import_observations,
    observations_table,
)

SQUARE = [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.61], [13.0, 55.6]]]


def _boundaries(path: Path, features: list[tuple[str, object]]) -> Path:
    path.write_text(
        json.dumps({
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"code": code}, "geometry": geometry}
                for code, geometry in features
            ],
        }),
        encoding="utf-8",
    )  # fmt: skip
    return path


def _observation(factory: sessionmaker[Session], area: str, indicator: str, year: int):  # type: ignore[no-untyped-def]
    with factory() as session:
        return session.execute(
            select(Observation.value, Observation.numerator, Observation.denominator)
            .join(Area, Observation.area_id == Area.id)
            .where(
                Area.code == area, Observation.indicator_id == indicator, Observation.year == year
            )
        ).one_or_none()


# --- areas -------------------------------------------------------------------------------------


def test_areas_are_linked_to_parents_in_any_order(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "areas.csv"
    # Children before their parents, SCB and Swedish level names, a synthetic column.
    path.write_text(
        "code;name;level;parent_code;synthetic\n"
        "1280-01-01;Gamla staden;delområde;1280-D01;ja\n"
        "1280-D01;Centrum;stadsområde;1280;ja\n"
        "1280;Malmö;kommun;;nej\n",
        encoding="utf-8",
    )
    shapes = _boundaries(
        tmp_path / "b.geojson", [("1280-01-01", {"type": "Polygon", "coordinates": SQUARE})]
    )
    summary = import_areas(session_factory, path, boundaries=shapes)
    assert (summary.created, summary.updated) == (3, 0)
    with session_factory() as session:
        areas = {a.code: a for a in session.scalars(select(Area))}
        assert areas["1280-01-01"].parent is areas["1280-D01"]
        assert areas["1280-D01"].parent is areas["1280"]
        assert areas["1280"].parent is None
        assert areas["1280-01-01"].level == "sub_area"
        assert areas["1280-01-01"].synthetic and not areas["1280"].synthetic
        assert json.loads(areas["1280-01-01"].boundary or "null")["coordinates"] == SQUARE


def test_reimporting_areas_updates_them(world: sessionmaker[Session], tmp_path: Path) -> None:
    path = tmp_path / "rename.csv"
    path.write_text("code,name,level,parent_code\n1280-01-02,Hamnen,sub_area,1280-D02\n")
    summary = import_areas(world, path, synthetic=True)
    assert (summary.created, summary.updated) == (0, 1)
    with world() as session:
        area = session.scalars(select(Area).where(Area.code == "1280-01-02")).one()
        assert (area.name, area.parent.code if area.parent else None) == ("Hamnen", "1280-D02")
        assert area.synthetic


@pytest.mark.parametrize(
    ("content", "row", "column", "fragment"),
    [
        (
            "code,name,level,parent_code\nX,Ett,sub_area,NOPE\n",
            2,
            "parent_code",
            "unknown parent area 'NOPE'",
        ),
        # Re-levelling a stored district would leave its stored sub-areas inside a finer area.
        (
            "code,name,level,parent_code\n1280-D01,Centrum,deso,1280\n",
            2,
            "level",
            "stored area '1280-01-01' lies inside '1280-D01'",
        ),
    ],
)
def test_area_file_errors_change_nothing(
    world: sessionmaker[Session],
    take_snapshot: Callable[[], object],
    tmp_path: Path,
    content: str,
    row: int,
    column: str,
    fragment: str,
) -> None:
    path = tmp_path / "areas.csv"
    path.write_text(content, encoding="utf-8")
    before = take_snapshot()
    with pytest.raises(ImportFailed) as info:
        import_areas(world, path)
    assert any(
        (p.file, p.row, p.column) == ("areas.csv", row, column) and fragment in p.message
        for p in info.value.problems
    ), info.value.problems
    assert take_snapshot() == before


@pytest.mark.parametrize(
    ("features", "column", "fragment"),
    [
        (
            [("NOPE", {"type": "Polygon", "coordinates": SQUARE})],
            "properties.code",
            "unknown area code 'NOPE'",
        ),
    ],
)
def test_boundary_errors_change_nothing(
    world: sessionmaker[Session],
    take_snapshot: Callable[[], object],
    tmp_path: Path,
    features: list[tuple[str, object]],
    column: str,
    fragment: str,
) -> None:
    areas = tmp_path / "areas.csv"
    areas.write_text("code,name,level,parent_code\nNEW,Ny,district,1280\n", encoding="utf-8")
    before = take_snapshot()
    with pytest.raises(ImportFailed) as info:
        import_areas(world, areas, boundaries=_boundaries(tmp_path / "b.geojson", features))
    [problem] = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("b.geojson", 1, column)
    assert fragment in problem.message
    assert take_snapshot() == before  # the area file's valid row was not stored either


# --- indicators --------------------------------------------------------------------------------


def test_indicators_from_toml(session_factory: sessionmaker[Session], tmp_path: Path) -> None:
    path = tmp_path / "indicators.toml"
    path.write_text(
        """
[indicators.working_or_studying_16_24]
name_sv = "Andel 16–24 år som arbetar eller studerar"
name_en = "Share aged 16–24 working or studying"
unit = "percent"
direction = "higher_is_better"
age_band = "16-24"
numerator = "persons 16-24 who work or study"
denominator = "persons 16-24"

[indicators.population]
name_sv = "Folkmängd"
unit = "count"
direction = "n/a"
""",
        encoding="utf-8",
    )
    assert import_indicators(session_factory, path).created == 2
    with session_factory() as session:
        goal = session.get(Indicator, "working_or_studying_16_24")
        population = session.get(Indicator, "population")
        assert goal is not None and population is not None
        assert goal.is_share and goal.direction == "higher_is_better"
        assert goal.denominator_description == "persons 16-24"
        assert not population.is_share and population.direction == "neutral"


@pytest.mark.parametrize(
    ("content", "column", "fragment"),
    [
        ("id,name_sv,unit,direction\nx,X,percent,upwards\n", "direction", "Got 'upwards'"),
        # population has stored counts; it may not turn into a share
        (
            "id,name_sv,unit,direction\npopulation,Folkmängd,percent,neutral\n",
            "unit",
            "cannot become a share",
        ),
    ],
)
def test_indicator_errors_change_nothing(
    world: sessionmaker[Session],
    take_snapshot: Callable[[], object],
    tmp_path: Path,
    content: str,
    column: str,
    fragment: str,
) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(content, encoding="utf-8")
    before = take_snapshot()
    with pytest.raises(ImportFailed) as info:
        import_indicators(world, path)
    [problem] = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("indicators.csv", 2, column)
    assert fragment in problem.message
    assert take_snapshot() == before


# --- observations ------------------------------------------------------------------------------


def test_replace_updates_stored_values_and_adds_new_ones(
    world: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "update.csv"
    path.write_text(
        "area,indicator,year,value,numerator,denominator,comment\n"
        "1280-01-01,population,2024,5001,,,corrected\n"
        "1280-01-01,child_poverty,2025,,11,20,\n",
        encoding="utf-8",
    )
    summary = import_observations(world, path, replace=True)
    assert (summary.created, summary.updated) == (1, 1)
    assert summary.ignored_columns == ["comment"]
    assert _observation(world, "1280-01-01", "population", 2024) == (5001.0, None, None)
    # An empty share value is computed from its counts: 11 / 20 = 55 %.
    assert _observation(world, "1280-01-01", "child_poverty", 2025) == (55.0, 11.0, 20.0)


def test_wide_xlsx_with_counts_and_swedish_text_numbers(
    world: sessionmaker[Session], tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["area_code", "area_name", "district", "population", "child_poverty",
                  "child_poverty_num", "child_poverty_den"])  # fmt: skip
    sheet.append(["1280-01-01", "Gamla staden", "Centrum", 5100, "37,5", 15, 40])
    sheet.append(["1280-01-02", "Inre hamnen", "Centrum", 160, None, None, None])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    summary = import_observations(world, path, fmt="wide", year=2025)
    assert (summary.created, summary.updated) == (3, 0)
    assert summary.ignored_columns == ["area_name", "district"]
    assert _observation(world, "1280-01-01", "child_poverty", 2025) == (37.5, 15.0, 40.0)
    assert _observation(world, "1280-01-02", "population", 2025) == (160.0, None, None)
    # An empty wide cell is no observation at all.
    assert _observation(world, "1280-01-02", "child_poverty", 2025) is None


def test_progress_is_reported_for_reading_and_writing(
    world: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "area,indicator,year,value\n1280-01-01,population,2026,1\n1280-01-02,population,2026,2\n",
        encoding="utf-8",
    )
    calls: list[tuple[str, int, int | None]] = []
    import_observations(world, path, progress=lambda *call: calls.append(call))
    assert calls == [("read", 2, 2), ("write", 2, 2)]


# --- index input and aggregation ---------------------------------------------------------------


def test_observations_table_is_ready_for_the_index_engine(world: sessionmaker[Session]) -> None:
    frame = observations_table(world, ["child_poverty", "population"], 2024, "sub_area")
    assert list(frame.columns) == [
        "area_code", "area_name", "child_poverty", "population",
        "child_poverty_num", "child_poverty_den",
    ]  # fmt: skip
    assert list(frame["area_code"]) == ["1280-01-01", "1280-01-02", "1280-02-01"]
    assert list(frame["child_poverty"]) == [50.0, 75.0, 20.0]
    assert list(frame["child_poverty_den"]) == [20.0, 40.0, 500.0]
    assert frame.attrs["synthetic"] is False
    missing = observations_table(world, ["population"], 2023, "sub_area")
    assert missing["population"].isna().all()
    with pytest.raises(NotFound, match="crime_rate"):
        observations_table(world, ["crime_rate"], 2024, "sub_area")


def test_aggregate_to_district_and_municipality(world: sessionmaker[Session]) -> None:
    districts = aggregate_to(world, "child_poverty", 2024, "district")
    assert districts.from_level.value == "sub_area"
    # Centrum: (10 + 30) / (20 + 40) = 66.67 %, not the 62.5 % mean of 50 % and 75 %.
    assert districts.aggregates["1280-D01"].value == pytest.approx(66.6667, abs=1e-4)
    assert districts.aggregates["1280-D02"].value == pytest.approx(20.0)
    city = aggregate_to(world, "child_poverty", 2024, "municipality")
    assert city.aggregates["1280"].value == pytest.approx(140 / 560 * 100)  # 25 %
    population = aggregate_to(world, "population", 2024, "municipality")
    assert population.aggregates["1280"].value == 5000 + 150 + 7000
    income = aggregate_to(world, "median_income", 2024, "district")
    assert math.isnan(income.aggregates["1280-D01"].value)
    assert income.aggregates["1280-D01"].reason == "not_additive"


def test_aggregates_can_be_stored_and_restored(world: sessionmaker[Session]) -> None:
    first = aggregate_to(world, "child_poverty", 2024, "district", store=True)
    assert first.stored == 2
    assert _observation(world, "1280-D02", "child_poverty", 2024) == (20.0, 100.0, 500.0)
    # Storing again overwrites instead of failing on the existing key.
    assert aggregate_to(world, "child_poverty", 2024, "district", store=True).stored == 2
    # District values now exist, and they are the closest finer level for the municipality.
    city = aggregate_to(world, "child_poverty", 2024, "municipality")
    assert city.from_level.value == "district"
    assert city.aggregates["1280"].value == pytest.approx(25.0)


def test_aggregate_refusals(world: sessionmaker[Session]) -> None:
    with pytest.raises(NotFound, match="finer than sub_area"):
        aggregate_to(world, "population", 2024, "sub_area")
    with pytest.raises(InvalidInput, match="finer level than district"):
        aggregate_to(world, "population", 2024, "district", from_level="municipality")
    with pytest.raises(NotFound, match="Unknown indicator"):
        aggregate_to(world, "crime_rate", 2024, "district")


# --- boundaries export -------------------------------------------------------------------------


def _world_with_boundary(world: sessionmaker[Session], tmp_path: Path) -> None:
    areas = tmp_path / "same.csv"
    areas.write_text("code,name,level,parent_code\n1280-01-01,Gamla staden,sub_area,1280-D01\n")
    shapes = _boundaries(
        tmp_path / "b.geojson", [("1280-01-01", {"type": "Polygon", "coordinates": SQUARE})]
    )
    import_areas(world, areas, boundaries=shapes)


def test_export_geojson(world: sessionmaker[Session], tmp_path: Path) -> None:
    _world_with_boundary(world, tmp_path)
    out = tmp_path / "out" / "areas.geojson"
    assert export_boundaries(world, out) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    [feature] = data["features"]
    assert feature["properties"] == {
        "code": "1280-01-01", "name": "Gamla staden", "level": "sub_area",
        "parent_code": "1280-D01", "synthetic": False,
    }  # fmt: skip
    assert feature["geometry"]["coordinates"] == SQUARE
    assert export_boundaries(world, tmp_path / "d.geojson", level="district") == 0


def test_export_geopackage_without_the_geo_extra_says_how_to_install(
    world: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _world_with_boundary(world, tmp_path)
    monkeypatch.setitem(sys.modules, "pyogrio", None)  # makes `import pyogrio` fail
    with pytest.raises(InvalidInput, match=r"pip install kraftsamling\[geo\]"):
        export_boundaries(world, tmp_path / "areas.gpkg")
    with pytest.raises(InvalidInput, match=r"\.geojson, \.json or \.gpkg"):
        export_boundaries(world, tmp_path / "areas.shp")


def test_export_geopackage(world: sessionmaker[Session], tmp_path: Path) -> None:
    raw = pytest.importorskip("pyogrio.raw", reason="the optional geo extra is not installed")
    _world_with_boundary(world, tmp_path)
    out = tmp_path / "areas.gpkg"
    assert export_boundaries(world, out) == 1
    meta, _fids, geometry, fields = raw.read(out)
    properties = {
        name: column.tolist() for name, column in zip(meta["fields"], fields, strict=True)
    }
    # The code stays text (GDAL would read "1280-01-01" as a date) and every property is kept.
    assert properties == {
        "code": ["1280-01-01"], "name": ["Gamla staden"], "level": ["sub_area"],
        "parent_code": ["1280-D01"], "synthetic": [False],
    }  # fmt: skip
    assert meta["crs"] == "EPSG:4326"
    assert meta["geometry_type"] == "MultiPolygon"
    [shape] = shapely.from_wkb(geometry)
    assert shape.equals(shapely.MultiPolygon([shapely.Polygon(SQUARE[0])]))
