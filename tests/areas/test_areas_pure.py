"""The pure parts: projection, SVG paths, class breaks, palette contrast and chart layout."""

from __future__ import annotations

import json
import math

import pytest

from kraftsamling.areas.charts import line_chart, nice_ticks
from kraftsamling.areas.svg_map import (
    OUTLINE,
    PALETTE,
    Bounds,
    Projection,
    bounds_of,
    class_breaks,
    class_of,
    contrast_ratio,
    drawn_paths,
    parse_boundary,
    svg_path,
)
from kraftsamling.core.errors import InvalidInput

MALMO = Bounds(12.85, 55.49, 13.15, 55.65)


def test_a_point_inside_the_bounds_maps_inside_the_view_box() -> None:
    p = Projection.fit(MALMO, 640, 560, pad=8)
    x, y = p.project(13.0036, 55.6050)  # Stortorget, inside the box
    assert 8 <= x <= 632 and 8 <= y <= 552


def test_north_is_up_and_east_is_right() -> None:
    p = Projection.fit(MALMO, 640, 560)
    x0, y0 = p.project(13.0, 55.55)
    x_north, y_north = p.project(13.0, 55.60)
    x_east, y_east = p.project(13.05, 55.55)
    assert y_north < y0 and x_north == pytest.approx(x0)
    assert x_east > x0 and y_east == pytest.approx(y0)


def test_corners_fill_the_limiting_side_and_shape_is_kept() -> None:
    # 0.30 degrees of longitude at cos(55.57 deg) = 0.5653 are 0.1696 "latitude degrees" wide
    # against 0.16 high: aspect 1.06, narrower than the 624 x 544 drawing area (1.147), so the
    # height limits: north and south land on the padding and the map is centred sideways.
    p = Projection.fit(MALMO, 640, 560, pad=8)
    _, top = p.project(13.0, 55.65)
    _, bottom = p.project(13.0, 55.49)
    assert top == pytest.approx(8) and bottom == pytest.approx(552)
    west, _ = p.project(12.85, 55.57)
    east, _ = p.project(13.15, 55.57)
    expected_width = 544 * 0.30 * math.cos(math.radians(55.57)) / 0.16
    assert east - west == pytest.approx(expected_width)
    assert (west + east) / 2 == pytest.approx(320)  # centred horizontally


def test_svg_path_of_a_square_and_of_a_multipolygon() -> None:
    ring = [[13.0, 55.6], [13.1, 55.6], [13.1, 55.7], [13.0, 55.7], [13.0, 55.6]]
    polygon = {"type": "Polygon", "coordinates": [ring]}
    p = Projection.fit(bounds_of([polygon]), 100, 100, pad=0)
    d = svg_path(polygon, p)
    assert d.startswith("M") and d.endswith("Z") and d.count("L") == 4
    first = d[1:].split("L")[0]
    x, y = (float(v) for v in first.split(","))
    # South-west corner: left edge, bottom of the drawing (y grows downwards).
    assert y > 50 and x < 50
    multi = {"type": "MultiPolygon", "coordinates": [[ring], [ring]]}
    assert svg_path(multi, p).count("M") == 2
    with pytest.raises(InvalidInput, match="Polygon or MultiPolygon"):
        svg_path({"type": "Point", "coordinates": [13.0, 55.6]}, p)


def test_equal_count_class_breaks() -> None:
    assert class_breaks([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 5) == [2, 4, 6, 8, 10]
    # Seven values in three classes: 7/3 -> positions ceil(2.33)=3, ceil(4.67)=5, 7.
    assert class_breaks([5, 1, 7, 3, 2, 6, 4], 3) == [3, 5, 7]
    assert class_breaks([4, 4, 4, 9], 4) == [4, 9]
    assert class_breaks([math.nan], 3) == []
    breaks = [2.0, 4.0, 10.0]
    assert [class_of(v, breaks) for v in (1, 2, 2.5, 4, 9, 10)] == [0, 0, 1, 1, 2, 2]


def test_palette_outlines_meet_non_text_contrast_and_classes_get_darker() -> None:
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    for colour in PALETTE:
        assert contrast_ratio(colour, OUTLINE) >= 3, colour
    ratios = [contrast_ratio(c, "#ffffff") for c in PALETTE]
    assert ratios == sorted(ratios)  # sequential: each class darker than the one before


def test_nice_ticks_and_chart_layout() -> None:
    assert nice_ticks(0, 47.9) == [0, 10, 20, 30, 40, 50]
    assert nice_ticks(0, 0.7) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8])
    chart = line_chart([(2020, 10.0), (2021, None), (2022, 30.0)], [(2020, 20.0), (2022, 20.0)])
    assert chart.area_path.count("M") == 2 and "L" not in chart.area_path  # gap not bridged
    assert chart.city_path.count("M") == 1 and chart.city_path.count("L") == 1
    low, high = chart.area_markers
    assert high.y < low.y  # larger value higher up
    assert [t.value for t in chart.x_ticks] == [2020, 2021, 2022]
    assert chart.area_markers[0].x == chart.plot_left and high.x == chart.plot_right


def test_drawn_paths_are_the_shapes_projected_together_and_follow_their_text() -> None:
    def square(west: float) -> str:
        ring = [[west, 55.6], [west + 0.1, 55.6], [west + 0.1, 55.7], [west, 55.7], [west, 55.6]]
        return json.dumps({"type": "Polygon", "coordinates": [ring]})

    texts = (square(13.0), square(13.1))
    geometries = [parse_boundary(t) for t in texts]
    projection = Projection.fit(bounds_of(geometries), 640, 560)
    expected = tuple(svg_path(g, projection) for g in geometries)
    assert drawn_paths(texts, 640, 560) == expected
    assert drawn_paths(texts, 640, 560) is drawn_paths(texts, 640, 560)  # drawn once
    moved = drawn_paths((square(13.0), square(13.3)), 640, 560)
    assert moved[0] != expected[0]  # a changed shape changes the fit of every shape
