"""Synthetic boundary polygons for the demo: a Voronoi tessellation of the sub-area centres.

The cells are computed in a local metric plane (kilometres from the municipal centre, so that a
degree of longitude is not stretched to a degree of latitude), clipped to a rough hand-drawn
outline of Malmö municipality (coast to the west, borders to Burlöv, Staffanstorp, Svedala and
Vellinge), snapped to a 0.1 m grid so that neighbouring cells share their vertices exactly, and
unioned into districts. Output is RFC 7946 GeoJSON: lon/lat, 6 decimals, counter-clockwise
exterior rings. The shapes are illustrations, not the city's boundaries.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from scipy.spatial import Voronoi
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from kraftsamling.demo.places import DISTRICTS, MUNICIPALITY_CODE, MUNICIPALITY_NAME, sub_areas

# Rough outline of Malmö municipality, lon/lat, counter-clockwise from Klagshamn in the
# south-west. Drawn by hand from a general map; about 20 vertices.
MALMO_OUTLINE: tuple[tuple[float, float], ...] = (
    (12.880, 55.515),
    (12.940, 55.500),
    (13.000, 55.492),
    (13.060, 55.505),
    (13.120, 55.515),
    (13.160, 55.530),
    (13.170, 55.560),
    (13.150, 55.595),
    (13.110, 55.612),
    (13.065, 55.622),
    (13.030, 55.630),
    (13.005, 55.638),
    (12.985, 55.628),
    (12.962, 55.620),
    (12.955, 55.607),
    (12.925, 55.592),
    (12.900, 55.592),
    (12.902, 55.570),
    (12.910, 55.550),
    (12.893, 55.530),
)

ORIGIN_LON = 13.0
ORIGIN_LAT = 55.58
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(ORIGIN_LAT))
GRID_KM = 1e-4  # snap grid in the plane: 0.1 m
DECIMALS = 6


def to_plane(coords: np.ndarray) -> np.ndarray:
    """Lon/lat rows -> kilometres east/north of the origin (equirectangular, fine at city scale)."""
    out = np.empty_like(coords, dtype=float)
    out[:, 0] = (coords[:, 0] - ORIGIN_LON) * KM_PER_DEG_LON
    out[:, 1] = (coords[:, 1] - ORIGIN_LAT) * KM_PER_DEG_LAT
    return out


def to_lonlat(coords: np.ndarray) -> np.ndarray:
    """Inverse of :func:`to_plane`."""
    out = np.empty_like(coords, dtype=float)
    out[:, 0] = coords[:, 0] / KM_PER_DEG_LON + ORIGIN_LON
    out[:, 1] = coords[:, 1] / KM_PER_DEG_LAT + ORIGIN_LAT
    return out


def outline_plane() -> Polygon:
    """The municipal outline in the plane."""
    return Polygon(to_plane(np.array(MALMO_OUTLINE)))


def voronoi_cells(centres: Sequence[tuple[float, float]]) -> list[BaseGeometry]:
    """One planar cell per (lon, lat) centre, clipped to the outline and snapped to the grid.

    Parameters
    ----------
    centres
        Sub-area centres as (lon, lat); each must lie inside the municipal outline.

    Returns
    -------
    list of shapely geometries (Polygon, or MultiPolygon where the coast cuts a cell in two),
    in the order of ``centres``.
    """
    points = to_plane(np.array(centres, dtype=float))
    # Four distant guard points make every real cell bounded, so no infinite regions appear.
    far = 1000.0
    guards = np.array([[-far, -far], [far, -far], [far, far], [-far, far]])
    vor = Voronoi(np.vstack([points, guards]))
    outline = outline_plane()
    cells: list[BaseGeometry] = []
    for i in range(len(points)):
        region = vor.regions[vor.point_region[i]]
        cell = Polygon(vor.vertices[region]).intersection(outline)
        cells.append(shapely.set_precision(cell, GRID_KM))
    return cells


def union(cells: Sequence[BaseGeometry]) -> BaseGeometry:
    """Union of planar cells (cells share snapped vertices, so no slivers remain)."""
    return shapely.union_all(list(cells))


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon) and g.area > 0]


def to_geojson_geometry(geom: BaseGeometry) -> dict[str, Any]:
    """Planar geometry -> GeoJSON geometry dict in lon/lat, rounded, RFC 7946 orientation."""
    lonlat = shapely.transform(geom, to_lonlat)
    lonlat = shapely.set_precision(lonlat, 10.0**-DECIMALS)
    parts = [orient(p, sign=1.0) for p in _polygons(lonlat) if not p.is_empty]

    def ring(coords: Any) -> list[list[float]]:
        return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in coords]

    def polygon(p: Polygon) -> list[list[list[float]]]:
        return [ring(p.exterior.coords)] + [ring(r.coords) for r in p.interiors]

    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": polygon(parts[0])}
    return {"type": "MultiPolygon", "coordinates": [polygon(p) for p in parts]}


def feature(code: str, name: str, level: str, geom: BaseGeometry) -> dict[str, Any]:
    """A GeoJSON Feature for one area, flagged as synthetic."""
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, "level": level, "synthetic": True},
        "geometry": to_geojson_geometry(geom),
    }


NOTE = (
    "Syntetiska gränser för demo, inte Malmö stads indelning. "
    "Synthetic demo boundaries, not the City of Malmö's official areas."
)


def build_boundaries() -> dict[str, Any]:
    """The demo's FeatureCollection: the municipality, its districts and every sub-area.

    Returns
    -------
    dict
        GeoJSON FeatureCollection; each feature has properties ``code``, ``name``, ``level``
        (``municipality``, ``district`` or ``sub_area``) and ``synthetic: true``.

    Examples
    --------
    >>> fc = build_boundaries()
    >>> fc["features"][0]["properties"]["code"]
    '1280'
    """
    subs = sub_areas()
    cells = voronoi_cells([(s.place.lon, s.place.lat) for s in subs])
    features = [feature(MUNICIPALITY_CODE, MUNICIPALITY_NAME, "municipality", union(cells))]
    for district in DISTRICTS:
        own = [c for s, c in zip(subs, cells, strict=True) if s.district_code == district.code]
        features.append(feature(district.code, district.name, "district", union(own)))
    for s, cell in zip(subs, cells, strict=True):
        features.append(feature(s.code, s.place.name, "sub_area", cell))
    return {"type": "FeatureCollection", "synthetic": True, "note": NOTE, "features": features}
