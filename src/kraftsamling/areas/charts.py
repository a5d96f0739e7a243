"""Server-drawn line charts: one indicator over the years for an area and for the city.

Returns geometry (path strings, tick positions) for a template to draw, so the template keeps
doing all escaping. A missing year breaks the line rather than bridging the gap, so a reader
never sees a value that was not measured.

Pure module: no database or web imports.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 560
HEIGHT = 260
# Room for the y labels on the left and the year labels below.
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


@dataclass(frozen=True)
class Tick:
    position: float
    value: float


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    year: int
    value: float


@dataclass(frozen=True)
class LineChart:
    """What a template needs to draw the chart."""

    width: int
    height: int
    area_path: str
    city_path: str
    area_markers: tuple[Marker, ...]
    city_markers: tuple[Marker, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float


Series = Sequence[tuple[int, float | None]]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) covering ``low``-``high``.

    Examples
    --------
    >>> nice_ticks(3.2, 47.9)
    [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]
    """
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))  # a float also for steps of 1 or more
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step / 2:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def line_chart(
    area: Series, city: Series, *, width: int = WIDTH, height: int = HEIGHT
) -> LineChart:
    """Lay out a line chart of ``area`` against ``city``, both ``(year, value or None)`` pairs."""
    points = [v for _, v in (*area, *city) if v is not None and not math.isnan(v)]
    years = sorted({y for y, _ in (*area, *city)})
    low = min([0.0, *points])  # shares and counts read best from a zero baseline
    high = max(points, default=1.0)
    y_values = nice_ticks(low, high)
    y_min, y_max = y_values[0], y_values[-1]
    left, right, top, bottom = LEFT, width - RIGHT, TOP, height - BOTTOM
    first, last = (years[0], years[-1]) if years else (0, 1)
    span = max(last - first, 1)

    def x_of(year: int) -> float:
        if first == last:
            return (left + right) / 2
        return left + (year - first) / span * (right - left)

    def y_of(value: float) -> float:
        return bottom - (value - y_min) / (y_max - y_min) * (bottom - top)

    def layout(series: Series) -> tuple[str, tuple[Marker, ...]]:
        parts: list[str] = []
        markers: list[Marker] = []
        pen_down = False
        for year, value in sorted(series):
            if value is None or math.isnan(value):
                pen_down = False
                continue
            x, y = x_of(year), y_of(value)
            parts.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
            markers.append(Marker(round(x, 1), round(y, 1), year, value))
            pen_down = True
        return "".join(parts), tuple(markers)

    area_path, area_markers = layout(area)
    city_path, city_markers = layout(city)
    return LineChart(
        width=width,
        height=height,
        area_path=area_path,
        city_path=city_path,
        area_markers=area_markers,
        city_markers=city_markers,
        x_ticks=tuple(Tick(round(x_of(y), 1), y) for y in years),
        y_ticks=tuple(Tick(round(y_of(v), 1), v) for v in y_values),
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
    )
