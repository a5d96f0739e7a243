"""Read and check area files: the area list (CSV/XLSX) and boundaries (GeoJSON).

Area list columns: ``code``, ``name``, ``level`` and optionally ``parent_code`` and ``synthetic``.
An empty ``parent_code`` makes an area a root; a file without that column keeps the parents
already stored.
Levels may be written as SCB does (``DeSO``) or in Swedish (``delområde``); see
:mod:`kraftsamling.stats.levels`. A parent must be in the same file or already stored, and of a
coarser level. Rows may come in any order.

Boundaries: a GeoJSON ``FeatureCollection`` in WGS84 longitude/latitude (RFC 7946), one
``Polygon`` or ``MultiPolygon`` feature per area, the area code in the feature property ``code``.
Problems in a boundary file are located by feature number (the first feature is 1) and the
member at fault (``properties.code``, ``geometry``).

Pure module: no database or web imports.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kraftsamling.core.errors import ImportFailed, InvalidInput, NotFound, Problem
from kraftsamling.stats.levels import Level, parent_problem, parse_level
from kraftsamling.stats.tables import as_text, cell_at, read_table

MAX_CODE = 64
MAX_NAME = 200
_TRUE = frozenset({"true", "1", "yes", "ja", "sant", "x"})
_FALSE = frozenset({"false", "0", "no", "nej", "falskt", ""})


@dataclass(frozen=True)
class AreaRow:
    """One checked row of an area file."""

    code: str
    name: str
    level: Level
    parent_code: str | None
    synthetic: bool | None
    row: int


def parse_bool(cell: object) -> bool:
    """Parse a yes/no cell (``true``/``false``, ``1``/``0``, ``ja``/``nej``); empty is false.

    Raises
    ------
    ValueError
        When the cell is none of those.
    """
    if isinstance(cell, bool):
        return cell
    text = as_text(cell).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{as_text(cell)!r} is not yes or no; expected true/false, 1/0 or ja/nej")


def _column(header: list[str], *names: str) -> int | None:
    lowered = [h.lower() for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def read_areas(
    path: Path,
    *,
    existing: Mapping[str, tuple[Level, str | None]],
    synthetic: bool | None = None,
    sheet: str | None = None,
) -> list[AreaRow]:
    """Read and check an area list.

    Parameters
    ----------
    path
        A ``.csv`` or ``.xlsx`` file.
    existing
        Areas already stored: code -> (level, parent code).
    synthetic
        Marks every row synthetic (or not) when the file has no ``synthetic`` column.
    sheet
        XLSX sheet name; the first sheet when omitted.

    Raises
    ------
    ImportFailed
        With every problem found.
    """
    table = read_table(path, sheet=sheet)
    problems: list[Problem] = []

    def add(row: int | None, column: str | None, message: str) -> None:
        problems.append(Problem(table.file, row, column, message))

    where = {
        "code": _column(table.header, "code", "area_code"),
        "name": _column(table.header, "name", "area_name"),
        "level": _column(table.header, "level"),
        "parent_code": _column(table.header, "parent_code", "parent"),
        "synthetic": _column(table.header, "synthetic"),
    }
    missing = [k for k in ("code", "name", "level") if where[k] is None]
    if missing:
        add(1, ", ".join(missing), (
            f"missing required column(s) {', '.join(missing)}; expected code, name, level"
            f"[, parent_code, synthetic]; found {', '.join(table.header) or 'nothing'}"
        ))  # fmt: skip
        raise ImportFailed(problems)

    def name_of(key: str) -> str:
        index = where[key]
        return table.header[index] if index is not None else key

    rows: list[AreaRow] = []
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        code = as_text(cell_at(cells, where["code"]))
        name = as_text(cell_at(cells, where["name"]))
        parent = as_text(cell_at(cells, where["parent_code"])) or None
        if where["parent_code"] is None and code in existing:
            parent = existing[code][1]  # a file without parents keeps the stored links
        ok = True
        if not code or len(code) > MAX_CODE:
            add(
                row,
                name_of("code"),
                f"the area code must have 1-{MAX_CODE} characters; got {code!r}",
            )
            ok = False
        elif code in seen:
            add(row, name_of("code"), f"duplicate of row {seen[code]}: code {code!r} appears twice")
            ok = False
        else:
            seen[code] = row
        if not name or len(name) > MAX_NAME:
            add(row, name_of("name"), f"the name must have 1-{MAX_NAME} characters; got {name!r}")
            ok = False
        try:
            level = parse_level(as_text(cell_at(cells, where["level"])))
        except InvalidInput as exc:
            add(row, name_of("level"), str(exc))
            ok = False
        flag = synthetic
        if where["synthetic"] is not None:
            try:
                flag = parse_bool(cell_at(cells, where["synthetic"]))
            except ValueError as exc:
                add(row, name_of("synthetic"), str(exc))
                ok = False
        if ok:
            rows.append(AreaRow(code, name, level, parent, flag, row))
    problems.extend(_hierarchy_problems(table.file, rows, existing, name_of("parent_code")))
    if problems:
        raise ImportFailed(problems)
    return rows


def _hierarchy_problems(
    file: str,
    rows: list[AreaRow],
    existing: Mapping[str, tuple[Level, str | None]],
    parent_column: str,
) -> list[Problem]:
    """Parents must exist and be coarser, also for stored children of re-levelled areas."""
    levels = {code: level for code, (level, _) in existing.items()}
    levels.update({r.code: r.level for r in rows})
    in_file = {r.code for r in rows}
    problems = []
    for r in rows:
        if r.parent_code is None:
            continue
        if r.parent_code == r.code:
            problems.append(Problem(file, r.row, parent_column, "an area cannot be its own parent"))
        elif r.parent_code not in levels:
            problems.append(
                Problem(
                    file, r.row, parent_column,
                    f"unknown parent area {r.parent_code!r}: not in this file nor stored",
                )
            )  # fmt: skip
        elif (why := parent_problem(r.level, levels[r.parent_code])) is not None:
            problems.append(Problem(file, r.row, parent_column, why))
    by_code = {r.code: r for r in rows}
    for code, (level, parent) in existing.items():
        if code in in_file or parent not in by_code:
            continue
        why = parent_problem(level, by_code[parent].level)
        if why is not None:
            problems.append(
                Problem(
                    file, by_code[parent].row, "level",
                    f"stored area {code!r} lies inside {parent!r}, and {why}",
                )
            )  # fmt: skip
    return problems


def read_boundaries(path: Path, *, known: Collection[str]) -> dict[str, str]:
    """Read and check a GeoJSON boundary file; return area code -> geometry as JSON text.

    Raises
    ------
    ImportFailed
        With every problem found (unknown codes, wrong geometry types, projected coordinates).
    """
    if not path.is_file():
        raise NotFound(f"File {path} does not exist.")
    file = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailed([Problem(file, None, None, f"not valid GeoJSON text: {exc}")]) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFailed([Problem(file, None, "type", "expected a GeoJSON FeatureCollection")])
    problems: list[Problem] = []
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number, feature in enumerate(data.get("features") or [], start=1):
        props = feature.get("properties") or {} if isinstance(feature, dict) else {}
        code = as_text(props.get("code")) if isinstance(props, dict) else ""
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        where = f"feature {number}"
        if not code:
            problems.append(Problem(file, number, "properties.code", f"{where} has no area code"))
            continue
        if code not in known:
            problems.append(
                Problem(file, number, "properties.code", f"{where}: unknown area code {code!r}")
            )
        elif code in seen:
            problems.append(
                Problem(
                    file, number, "properties.code",
                    f"{where}: area {code!r} already has a boundary in feature {seen[code]}",
                )
            )  # fmt: skip
        seen.setdefault(code, number)
        why = _geometry_problem(geometry)
        if why is not None:
            problems.append(Problem(file, number, "geometry", f"{where} ({code}): {why}"))
        elif code in known:
            out[code] = json.dumps(geometry, separators=(",", ":"))
    if problems:
        raise ImportFailed(problems)
    return out


def _geometry_problem(geometry: Any) -> str | None:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        return f"expected a Polygon or MultiPolygon geometry, got {kind!r}"
    positions = list(_positions(geometry.get("coordinates")))
    if not positions:
        return "the geometry has no coordinates"
    for position in positions:
        if len(position) < 2 or not all(isinstance(v, int | float) for v in position[:2]):
            return f"coordinate {position!r} is not a [longitude, latitude] pair"
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return (
                f"coordinate [{lon}, {lat}] is not WGS84 longitude/latitude (projected "
                "coordinates such as SWEREF 99 TM must be converted to EPSG:4326)"
            )
    return None


def _positions(node: Any) -> list[list[Any]]:
    """Every position (innermost list of numbers) in a nested coordinate array."""
    if not isinstance(node, list) or not node:
        return []
    if not isinstance(node[0], list):
        return [node]
    out: list[list[Any]] = []
    for child in node:
        out.extend(_positions(child))
    return out
