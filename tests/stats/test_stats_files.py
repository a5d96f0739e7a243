"""Area lists, boundary files and indicator catalogues, checked without a database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kraftsamling.core.errors import ImportFailed
from kraftsamling.stats.area_files import parse_bool, read_areas, read_boundaries
from kraftsamling.stats.indicator_files import read_indicators
from kraftsamling.stats.kinds import Direction
from kraftsamling.stats.levels import Level

STORED = {"1280": (Level.MUNICIPALITY, None), "1280-01-01": (Level.SUB_AREA, None)}
HEAD = "code,name,level,parent_code\n"
SQUARE = [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.6]]]


def _problems(call) -> list[tuple[int | None, str | None, str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as info:
        call()
    return [(p.row, p.column, p.message) for p in info.value.problems]


def _areas(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "areas.csv"
    path.write_text(text, encoding="utf-8")
    return read_areas(path, existing=STORED)


AREA_CASES = [
    (HEAD + "X,Ett,regso,1280-01-01\n", (2, "parent_code", "cannot lie inside a sub_area")),
    (HEAD + "X,Ett,county,\n", (2, "level", "Got 'county'")),
    (HEAD + "X,Ett,deso,\nX,Två,deso,\n", (3, "code", "duplicate of row 2: code 'X'")),
    (HEAD + "X,,deso,\n", (2, "name", "the name must have 1-200 characters; got ''")),
    (HEAD + ",Ett,deso,\n", (2, "code", "the area code must have 1-64 characters")),
    (HEAD + "X,Ett,deso,X\n", (2, "parent_code", "an area cannot be its own parent")),
    (HEAD + "X,Ett,municipality,1280\n", (2, "parent_code", "a municipality is the top level")),
    ("code,level\nX,deso\n", (1, "name", "missing required column(s) name; expected code, name")),
    ("code,name,level,synthetic\nX,Ett,deso,kanske\n", (2, "synthetic", "'kanske' is not yes")),
]


@pytest.mark.parametrize(("text", "expected"), AREA_CASES)
def test_area_rules(tmp_path: Path, text: str, expected: tuple[int, str, str]) -> None:
    [(row, column, message)] = _problems(lambda: _areas(tmp_path, text))
    assert (row, column) == expected[:2]
    assert expected[2] in message


def test_area_rows_with_parent_in_the_file_or_stored(tmp_path: Path) -> None:
    rows = _areas(tmp_path, HEAD + "D,Centrum,district,1280\nS,Gamla staden,DeSO,D\n")
    assert [(r.code, r.level, r.parent_code, r.row) for r in rows] == [
        ("D", Level.DISTRICT, "1280", 2),
        ("S", Level.DESO, "D", 3),
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("ja", True), ("TRUE", True), ("1", True), (True, True), ("nej", False), ("", False)],
)
def test_parse_bool(cell: object, expected: bool) -> None:
    assert parse_bool(cell) is expected


def _shapes(tmp_path: Path, features: list[dict]) -> Path:  # type: ignore[type-arg]
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _feature(code: str | None, geometry: object) -> dict:  # type: ignore[type-arg]
    return {"type": "Feature", "properties": {"code": code}, "geometry": geometry}


BOUNDARY_CASES = [
    (
        [_feature("1280", {"type": "Point", "coordinates": [13.0, 55.6]})],
        (
            1,
            "geometry",
            "feature 1 (1280): expected a Polygon or MultiPolygon geometry, got 'Point'",
        ),
    ),
    (
        # SWEREF 99 TM metres instead of degrees
        [
            _feature(
                "1280",
                {
                    "type": "Polygon",
                    "coordinates": [[[374000, 6164000], [375000, 6164000], [374000, 6164000]]],
                },
            )
        ],
        (1, "geometry", "is not WGS84 longitude/latitude"),
    ),
    (
        [
            _feature("1280", {"type": "Polygon", "coordinates": SQUARE}),
            _feature("1280", {"type": "Polygon", "coordinates": SQUARE}),
        ],
        (2, "properties.code", "feature 2: area '1280' already has a boundary in feature 1"),
    ),
    ([_feature(None, None)], (1, "properties.code", "feature 1 has no area code")),
]


@pytest.mark.parametrize(("features", "expected"), BOUNDARY_CASES)
def test_boundary_rules(
    tmp_path: Path,
    features: list[dict],  # type: ignore[type-arg]
    expected: tuple[int, str, str],
) -> None:
    path = _shapes(tmp_path, features)
    [(row, column, message)] = _problems(lambda: read_boundaries(path, known={"1280"}))
    assert (row, column) == expected[:2]
    assert expected[2] in message


def test_boundary_file_must_be_a_feature_collection(tmp_path: Path) -> None:
    path = tmp_path / "b.geojson"
    path.write_text('{"type": "Feature"}')
    assert _problems(lambda: read_boundaries(path, known=set())) == [
        (None, "type", "expected a GeoJSON FeatureCollection")
    ]
    path.write_text("{not json")
    [(_, _, message)] = _problems(lambda: read_boundaries(path, known=set()))
    assert message.startswith("not valid GeoJSON text")


def test_multipolygons_are_kept_as_compact_json(tmp_path: Path) -> None:
    geometry = {"type": "MultiPolygon", "coordinates": [SQUARE, SQUARE]}
    shapes = read_boundaries(_shapes(tmp_path, [_feature("1280", geometry)]), known={"1280"})
    assert json.loads(shapes["1280"]) == geometry


# --- indicators ----------------------------------------------------------------------------------

INDICATOR_CASES = [
    ("id,name_sv,unit,direction\nx,X,percent,upwards\n", (2, "direction", "Got 'upwards'")),
    (
        "id,name_sv,unit,direction,is_share\nx,X,count,neutral,true\n",
        (2, "unit", "a share is a percentage 0-100, so its unit must be 'percent'; got 'count'"),
    ),
    ("id,name_sv,unit,direction\nBad Id,X,count,neutral\n", (2, "id", "must be 1-64 lower-case")),
    ("id,name_sv,unit,direction\nx,,count,neutral\n", (2, "name_sv", "name_sv is empty")),
    (
        "id,name_sv,unit,direction\nx,X,count,neutral\nx,Y,count,neutral\n",
        (3, "id", "duplicate of row 2: indicator 'x' appears twice"),
    ),
    ("id,name_sv,unit\nx,X,count\n", (1, "direction", "missing required column(s) direction")),
]


@pytest.mark.parametrize(("text", "expected"), INDICATOR_CASES)
def test_indicator_rules(tmp_path: Path, text: str, expected: tuple[int, str, str]) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(text, encoding="utf-8")
    [(row, column, message)] = _problems(lambda: read_indicators(path))
    assert (row, column) == expected[:2]
    assert expected[2] in message


def test_share_follows_the_unit_unless_given(tmp_path: Path) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(
        "id,name_sv,unit,direction\n"
        "child_poverty,Barnfattigdom,Percent,higher_is_worse\n"
        "population,Folkmängd,count,n/a\n",
        encoding="utf-8",
    )
    rows = {r.id: r for r in read_indicators(path)}
    assert rows["child_poverty"].is_share and rows["child_poverty"].unit == "percent"
    assert not rows["population"].is_share
    assert rows["population"].direction is Direction.NEUTRAL


def test_toml_problems_name_the_key(tmp_path: Path) -> None:
    path = tmp_path / "indicators.toml"
    path.write_text(
        '[indicators.x]\nname_sv = "X"\nunit = "count"\ndirection = "down"\ncolour = "red"\n',
        encoding="utf-8",
    )
    problems = _problems(lambda: read_indicators(path))
    assert (None, "indicators.x.colour", "unknown key") in problems
    assert any(c == "indicators.x.direction" and "Got 'down'" in m for _, c, m in problems)
    path.write_text("[indicators\n")
    [(_, _, message)] = _problems(lambda: read_indicators(path))
    assert message.startswith("not valid TOML")


def test_a_file_without_parents_keeps_stored_parents(tmp_path: Path) -> None:
    path = tmp_path / "rename.csv"
    path.write_text("code,name,level\nS,Nytt namn,sub_area\n", encoding="utf-8")
    existing = {"D": (Level.DISTRICT, None), "S": (Level.SUB_AREA, "D")}
    [row] = read_areas(path, existing=existing)
    assert (row.name, row.parent_code) == ("Nytt namn", "D")
