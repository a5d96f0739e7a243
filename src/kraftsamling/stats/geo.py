"""GeoPackage output through the optional ``geo`` extra (pyogrio, which bundles GDAL).

GDAL reads the GeoJSON that Kraftsamling already produces and writes it as a GeoPackage layer, so
no geometry conversion is written here.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from kraftsamling.core.errors import InvalidInput

INSTALL_HINT = "pip install kraftsamling[geo]"


def write_geopackage(collection: dict[str, Any], out: Path, *, layer: str = "areas") -> None:
    """Write a GeoJSON FeatureCollection (WGS84) to a GeoPackage file, replacing it.

    Raises
    ------
    InvalidInput
        When pyogrio is not installed, or the collection has no features.
    """
    try:
        from pyogrio import raw
    except ImportError:
        raise InvalidInput(
            f"Writing a GeoPackage needs the optional geo extra, which is not installed: "
            f"{INSTALL_HINT} (or export to .geojson instead)."
        ) from None
    if not collection.get("features"):
        raise InvalidInput(
            f"No area has a boundary to write to {out.name}; import boundaries first."
        )
    source = io.BytesIO(json.dumps(collection).encode("utf-8"))
    # Without DATE_AS_STRING, GDAL would turn codes such as "1280-01-01" into dates.
    meta, _fids, geometry, field_data = raw.read(source, DATE_AS_STRING="YES")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    raw.write(
        str(out),
        geometry,
        field_data,
        meta["fields"],
        layer=layer,
        driver="GPKG",
        geometry_type="MultiPolygon",
        promote_to_multi=True,
        crs=meta["crs"] or "EPSG:4326",
    )
