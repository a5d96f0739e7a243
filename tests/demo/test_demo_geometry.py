"""Demo boundaries: valid RFC 7946 GeoJSON, placed where the neighbourhoods are, no overlaps."""

from __future__ import annotations

from itertools import combinations, pairwise
from typing import Any

import pytest
from shapely.geometry import Point, Polygon, shape

from kraftsamling.demo.generate import DemoData
from kraftsamling.demo.geometry import MALMO_OUTLINE
from kraftsamling.demo.places import sub_areas


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return list(geometry["coordinates"])


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace formula: positive for counter-clockwise rings in lon/lat."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))


def _features(demo: DemoData, level: str | None = None) -> list[dict[str, Any]]:
    return [
        f for f in demo.boundaries["features"] if level is None or f["properties"]["level"] == level
    ]


def test_every_feature_is_flagged_synthetic(demo: DemoData) -> None:
    assert demo.boundaries["type"] == "FeatureCollection"
    assert demo.boundaries["synthetic"] is True
    assert all(f["properties"]["synthetic"] is True for f in _features(demo))


def test_one_feature_per_area(demo: DemoData) -> None:
    codes = [f["properties"]["code"] for f in _features(demo)]
    assert sorted(codes) == sorted(demo.areas["code"])
    names = {f["properties"]["code"]: f["properties"]["name"] for f in _features(demo)}
    assert names == dict(zip(demo.areas["code"], demo.areas["name"], strict=True))


def test_rings_closed_and_oriented(demo: DemoData) -> None:
    for f in _features(demo):
        for polygon in _polygons(f["geometry"]):
            exterior, *holes = polygon
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
            assert _signed_area(exterior) > 0, f["properties"]["code"]
            assert all(_signed_area(h) < 0 for h in holes)


def test_lon_lat_order_and_six_decimals(demo: DemoData) -> None:
    for f in _features(demo):
        for polygon in _polygons(f["geometry"]):
            for ring in polygon:
                for lon, lat in ring:
                    assert 12.85 < lon < 13.2 and 55.48 < lat < 55.65
                    assert round(lon, 6) == lon and round(lat, 6) == lat


def test_geometries_are_valid_and_hold_their_centres(demo: DemoData) -> None:
    geoms = {f["properties"]["code"]: shape(f["geometry"]) for f in _features(demo)}
    assert all(g.is_valid for g in geoms.values())
    for s in sub_areas():
        assert geoms[s.code].contains(Point(s.place.lon, s.place.lat)), s.place.name


def test_sub_areas_do_not_overlap(demo: DemoData) -> None:
    geoms = [shape(f["geometry"]) for f in _features(demo, "sub_area")]
    total = sum(g.area for g in geoms)
    overlap = sum(a.intersection(b).area for a, b in combinations(geoms, 2))
    assert overlap < 1e-6 * total


def test_districts_are_unions_and_tile_the_city(demo: DemoData) -> None:
    by_code = {f["properties"]["code"]: shape(f["geometry"]) for f in _features(demo)}
    subs = sub_areas()
    for district in {s.district_code for s in subs}:
        parts = [by_code[s.code] for s in subs if s.district_code == district]
        assert by_code[district].area == pytest.approx(sum(p.area for p in parts), rel=1e-5)
    city = by_code["1280"]
    assert city.area == pytest.approx(Polygon(MALMO_OUTLINE).area, rel=1e-4)
    assert sum(by_code[s.code].area for s in subs) == pytest.approx(city.area, rel=1e-5)
