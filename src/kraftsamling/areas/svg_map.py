"""Server-drawn choropleth maps: GeoJSON polygons to SVG paths, class breaks and colours.

The projection is a plain equirectangular one scaled by the cosine of the map's mean latitude
(so a city-sized map keeps its shape: at Malmö's 55.6 degrees north a degree of longitude is only
0.56 of a degree of latitude on the ground), then fitted into the view box with north up.

The palette is the five lighter classes of ColorBrewer's sequential YlGnBu scheme (Cynthia
Brewer, colorbrewer2.org), which ColorBrewer lists as colour-blind safe. The darker classes are
left out so that the dark area outlines keep at least 3:1 contrast against every fill
(WCAG 2.1 success criterion 1.4.11, non-text contrast).

Pure module: no database or web imports.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kraftsamling.core.errors import InvalidInput

PALETTE: tuple[str, ...] = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0")
OUTLINE = "#1a1a1a"
NO_DATA = "#ffffff"

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class Bounds:
    """A longitude/latitude box."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class Projection:
    """Maps WGS84 longitude/latitude to SVG view-box coordinates, north up."""

    bounds: Bounds
    scale: float
    x_factor: float
    offset_x: float
    offset_y: float

    @classmethod
    def fit(cls, bounds: Bounds, width: float, height: float, pad: float = 8) -> Projection:
        """Fit ``bounds`` into a ``width`` x ``height`` view box with ``pad`` units of margin.

        Examples
        --------
        >>> p = Projection.fit(Bounds(13.0, 55.5, 13.2, 55.7), 400, 400)
        >>> x, y = p.project(13.1, 55.6)
        >>> round(x), round(y)
        (200, 200)
        """
        if width <= 2 * pad or height <= 2 * pad:
            raise InvalidInput(
                f"The map needs a view box larger than twice the padding {pad}; "
                f"got {width} x {height}."
            )
        x_factor = math.cos(math.radians((bounds.south + bounds.north) / 2))
        span_x = max((bounds.east - bounds.west) * x_factor, 1e-12)
        span_y = max(bounds.north - bounds.south, 1e-12)
        scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
        # Centre the drawing in whichever direction has room to spare.
        offset_x = (width - span_x * scale) / 2
        offset_y = (height - span_y * scale) / 2
        return cls(bounds, scale, x_factor, offset_x, offset_y)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """The view-box point of a longitude/latitude; y grows downwards, so north is up."""
        x = self.offset_x + (lon - self.bounds.west) * self.x_factor * self.scale
        y = self.offset_y + (self.bounds.north - lat) * self.scale
        return x, y


def polygons_of(geometry: dict[str, Any]) -> list[list[Ring]]:
    """The polygons (each a list of rings) of a GeoJSON Polygon or MultiPolygon.

    Raises
    ------
    InvalidInput
        When the geometry is of another type.
    """
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise InvalidInput(f"A map boundary must be a Polygon or MultiPolygon; got {kind!r}.")


def parse_boundary(text: str) -> dict[str, Any]:
    """Read a stored boundary (a GeoJSON geometry, or a Feature wrapping one)."""
    data: dict[str, Any] = json.loads(text)
    return data["geometry"] if data.get("type") == "Feature" else data


def bounds_of(geometries: Iterable[dict[str, Any]]) -> Bounds:
    """The box around every point of ``geometries``.

    Raises
    ------
    InvalidInput
        When there is no point at all.
    """
    lons: list[float] = []
    lats: list[float] = []
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            for ring in polygon:
                lons.extend([float(p[0]) for p in ring])
                lats.extend([float(p[1]) for p in ring])
    if not lons:
        raise InvalidInput("No boundary has any coordinates; cannot draw a map.")
    return Bounds(min(lons), min(lats), max(lons), max(lats))


def svg_path(geometry: dict[str, Any], projection: Projection) -> str:
    """An SVG path ``d`` attribute for a polygon geometry; holes need ``fill-rule: evenodd``."""
    # Projection.project() written out, with the same operations in the same order (so the same
    # rounding): a map has thousands of points.
    west, north = projection.bounds.west, projection.bounds.north
    x_factor, scale = projection.x_factor, projection.scale
    offset_x, offset_y = projection.offset_x, projection.offset_y
    parts: list[str] = []
    for polygon in polygons_of(geometry):
        for ring in polygon:
            if len(ring) < 3:
                continue
            points = [
                f"{offset_x + (float(p[0]) - west) * x_factor * scale:.1f},"
                f"{offset_y + (north - float(p[1])) * scale:.1f}"
                for p in ring
            ]
            parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


@lru_cache(maxsize=8)
def drawn_paths(boundaries: tuple[str, ...], width: float, height: float) -> tuple[str, ...]:
    """The SVG paths of stored ``boundaries`` drawn together in a ``width`` x ``height`` view box.

    Remembered by the boundary texts themselves (never by time): every view of a map draws the
    same shapes, and parsing and projecting thousands of points is most of the work.
    """
    geometries = [parse_boundary(text) for text in boundaries]
    projection = Projection.fit(bounds_of(geometries), width, height)
    return tuple(svg_path(geometry, projection) for geometry in geometries)


def class_breaks(values: Iterable[float], classes: int = len(PALETTE)) -> list[float]:
    """Upper bounds of equal-count (quantile) classes; the last is the maximum.

    Each class holds about the same number of areas. Repeated values can make fewer distinct
    classes than asked for; duplicate bounds are merged.

    Examples
    --------
    >>> class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)
    [2.0, 4.0, 6.0, 8.0, 10.0]
    >>> class_breaks([3, 3, 3, 3], 4)
    [3.0]
    """
    if classes < 1:
        raise InvalidInput(f"The number of classes must be at least 1; got {classes}.")
    ordered = sorted(float(v) for v in values if not math.isnan(v))
    if not ordered:
        return []
    breaks: list[float] = []
    for k in range(1, classes + 1):
        # The value at the end of the k-th equal share of the sorted list.
        index = math.ceil(k * len(ordered) / classes) - 1
        bound = ordered[max(index, 0)]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def class_of(value: float, breaks: Sequence[float]) -> int:
    """The index of the class ``value`` falls in (the first upper bound it does not exceed)."""
    for index, bound in enumerate(breaks):
        if value <= bound:
            return index
    return len(breaks) - 1


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
