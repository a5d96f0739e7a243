"""Read and check indicator catalogues (CSV/XLSX or TOML).

CSV/XLSX columns: ``id``, ``name_sv``, ``unit``, ``direction`` and optionally ``name_en``,
``age_band``, ``source``, ``is_share``, ``numerator`` and ``denominator`` (the last two describe
what is counted). TOML: one table per indicator, keyed by id, with the same keys::

    [indicators.child_poverty]
    name_sv = "Andel barn 0–17 år i hushåll med låg ekonomisk standard"
    unit = "percent"
    direction = "higher_is_worse"
    is_share = true

When ``is_share`` is left out, an indicator is a share exactly when its unit is ``percent``.
A share's unit must be ``percent`` (values 0-100). Ids are lower-case letters, digits and
underscores, starting with a letter, so that they can be column names of a wide file. TOML has
no row numbers, so TOML problems name the key (``indicators.<id>.<key>``) instead.

Pure module: no database or web imports.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kraftsamling.core.errors import ImportFailed, InvalidInput, NotFound, Problem
from kraftsamling.stats.area_files import parse_bool
from kraftsamling.stats.kinds import SHARE_UNIT, Direction, parse_direction
from kraftsamling.stats.tables import as_text, read_table

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
REQUIRED = ("id", "name_sv", "unit", "direction")
OPTIONAL = ("name_en", "age_band", "source", "is_share", "numerator", "denominator")
LIMITS = {"name_sv": 300, "name_en": 300, "unit": 32, "age_band": 20, "source": 300}


@dataclass(frozen=True)
class IndicatorRow:
    """One checked indicator definition."""

    id: str
    name_sv: str
    name_en: str
    unit: str
    direction: Direction
    age_band: str | None
    source: str | None
    is_share: bool
    numerator_description: str | None
    denominator_description: str | None
    row: int | None


def read_indicators(path: Path, *, sheet: str | None = None) -> list[IndicatorRow]:
    """Read and check an indicator catalogue from a ``.csv``, ``.xlsx`` or ``.toml`` file.

    Raises
    ------
    ImportFailed
        With every problem found.
    """
    if path.suffix.lower() == ".toml":
        return _read_toml(path)
    table = read_table(path, sheet=sheet)
    lowered = [h.lower() for h in table.header]
    missing = [c for c in REQUIRED if c not in lowered]
    if missing:
        raise ImportFailed([Problem(
            table.file, 1, ", ".join(missing),
            f"missing required column(s) {', '.join(missing)}; expected "
            f"{', '.join(REQUIRED)}[, {', '.join(OPTIONAL)}]; found "
            f"{', '.join(table.header) or 'nothing'}",
        )])  # fmt: skip
    problems: list[Problem] = []
    rows: list[IndicatorRow] = []
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        fields = {
            key: cells[lowered.index(key)] if key in lowered and lowered.index(key) < len(cells)
            else None
            for key in (*REQUIRED, *OPTIONAL)
        }  # fmt: skip

        def add(key: str, message: str, row: int = row) -> None:
            column = table.header[lowered.index(key)] if key in lowered else key
            problems.append(Problem(table.file, row, column, message))

        ident = as_text(fields["id"])
        if ident in seen:
            add("id", f"duplicate of row {seen[ident]}: indicator {ident!r} appears twice")
            continue
        seen[ident] = row
        parsed = _check(fields, row, add)
        if parsed is not None:
            rows.append(parsed)
    if problems:
        raise ImportFailed(problems)
    return rows


def _read_toml(path: Path) -> list[IndicatorRow]:
    if not path.is_file():
        raise NotFound(f"File {path} does not exist.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailed([Problem(path.name, None, None, f"not valid TOML: {exc}")]) from None
    table = data.get("indicators")
    if not isinstance(table, dict) or not table:
        raise ImportFailed(
            [Problem(path.name, None, "indicators", "expected [indicators.<id>] tables")]
        )
    problems: list[Problem] = []
    rows: list[IndicatorRow] = []
    for ident, body in table.items():
        if not isinstance(body, dict):
            problems.append(Problem(path.name, None, f"indicators.{ident}", "expected a table"))
            continue
        unknown = sorted(set(body) - set(REQUIRED) - set(OPTIONAL))
        for key in unknown:
            problems.append(Problem(path.name, None, f"indicators.{ident}.{key}", "unknown key"))

        def add(key: str, message: str, ident: str = ident) -> None:
            column = f"indicators.{ident}" if key == "id" else f"indicators.{ident}.{key}"
            problems.append(Problem(path.name, None, column, message))

        parsed = _check({**body, "id": ident}, None, add)
        if parsed is not None and not unknown:
            rows.append(parsed)
    if problems:
        raise ImportFailed(problems)
    return rows


def _check(
    fields: Mapping[str, Any], row: int | None, add: Callable[[str, str], None]
) -> IndicatorRow | None:
    """Check one definition; report through ``add(key, message)``; ``None`` on any problem."""
    before: list[str] = []

    def fail(key: str, message: str) -> None:
        before.append(key)
        add(key, message)

    text = {key: as_text(fields.get(key)) for key in (*REQUIRED, *OPTIONAL)}
    if not ID_PATTERN.match(text["id"]):
        fail("id", (
            f"indicator id {text['id']!r} must be 1-64 lower-case letters, digits or "
            "underscores, starting with a letter"
        ))  # fmt: skip
    for key in ("name_sv", "unit"):
        if not text[key]:
            fail(key, f"{key} is empty")
    for key, limit in LIMITS.items():
        if len(text[key]) > limit:
            fail(key, f"{key} has {len(text[key])} characters; at most {limit} fit")
    try:
        direction = parse_direction(text["direction"])
    except InvalidInput as exc:
        fail("direction", str(exc))
    unit = text["unit"].lower() if text["unit"].lower() in (SHARE_UNIT, "count") else text["unit"]
    is_share = unit == SHARE_UNIT
    if fields.get("is_share") is not None and text["is_share"] != "":
        try:
            is_share = parse_bool(fields.get("is_share"))
        except ValueError as exc:
            fail("is_share", str(exc))
    if is_share and unit != SHARE_UNIT:
        fail("unit", f"a share is a percentage 0-100, so its unit must be 'percent'; got {unit!r}")
    if before:
        return None
    return IndicatorRow(
        id=text["id"],
        name_sv=text["name_sv"],
        name_en=text["name_en"],
        unit=unit,
        direction=direction,
        age_band=text["age_band"] or None,
        source=text["source"] or None,
        is_share=is_share,
        numerator_description=text["numerator"] or None,
        denominator_description=text["denominator"] or None,
        row=row,
    )
