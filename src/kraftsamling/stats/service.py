"""Use cases of the statistics capability, one transaction each.

Every function takes either a ``sessionmaker`` (it then opens a session, commits on success and
rolls back everything on any error) or an open ``Session`` (it then works inside a savepoint,
which is released on success and rolled back on error; the caller commits).

Imports are all-or-nothing: the file is read and checked completely first, and when any problem
is found an :class:`~kraftsamling.core.errors.ImportFailed` carrying all of them is raised before
anything is written. A successful import appends one audit entry (action ``import``) in the same
transaction, so the trail holds exactly the imports that were stored.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core import audit
from kraftsamling.core.db import transaction
from kraftsamling.core.errors import ImportFailed, InvalidInput, NotFound, Problem
from kraftsamling.stats.aggregate import Aggregate, Cell, aggregate
from kraftsamling.stats.area_files import read_areas, read_boundaries
from kraftsamling.stats.bulk import ProgressFn, refresh_statistics, stored_keys, write_observations
from kraftsamling.stats.coverage import MIN_COVERAGE, YearCoverage, year_coverage
from kraftsamling.stats.indicator_files import read_indicators
from kraftsamling.stats.kinds import kind_of
from kraftsamling.stats.levels import RANK, Level, ancestor_at, parse_level
from kraftsamling.stats.models import Area, Indicator, Observation
from kraftsamling.stats.readers import ObservationRecord, read_tidy, read_wide

SessionSource = Session | sessionmaker[Session]


@contextmanager
def _unit(source: SessionSource) -> Iterator[Session]:
    if isinstance(source, Session):
        _begin_outer(source)
        with source.begin_nested():
            yield source
    else:
        with transaction(source) as session:
            yield session


def _begin_outer(session: Session) -> None:
    """Open the caller's transaction on SQLite before the savepoint, so the caller can undo it.

    pysqlite begins a transaction lazily, before the first data-changing statement. A SAVEPOINT
    sent first opens the transaction itself, and releasing that outermost savepoint commits it
    (SQLite's rule), so a caller's rollback would no longer undo the import.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.driver_connection
    if raw is not None and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN")


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    file: str
    created: int
    updated: int
    ignored_columns: list[str] = field(default_factory=list)
    thin_years: list[ThinYear] = field(default_factory=list)


@dataclass(frozen=True)
class ThinYear:
    """A year an import left thinly covered at a level (see :mod:`kraftsamling.stats.coverage`):
    pages that show "the latest year" pass it over until it is better covered."""

    level: str
    coverage: YearCoverage

    def __str__(self) -> str:
        c = self.coverage
        return (
            f"{c.year} is thinly covered at level {self.level}: indicator {c.indicator!r} has "
            f"observations for {c.areas} of {c.total} areas, fewer than the "
            f"{MIN_COVERAGE:.0%} a year needs to count as the latest; pages showing the latest "
            "year keep to an earlier one until more is imported."
        )


def _record_import(
    session: Session,
    object_type: str,
    after: Mapping[str, object],
    actor: audit.Actor | None,
    request_id: str | None,
) -> None:
    """The import's audit entry, written last so the chain is locked only briefly."""
    audit.record(
        session, actor=actor or audit.SYSTEM, action="import", object_type=object_type,
        object_id=None, after=after, request_id=request_id,
    )  # fmt: skip


@dataclass(frozen=True)
class _Facts:
    is_share: bool
    unit: str


def import_areas(
    source: SessionSource,
    file: Path,
    *,
    boundaries: Path | None = None,
    synthetic: bool | None = None,
    actor: audit.Actor | None = None,
    request_id: str | None = None,
) -> ImportSummary:
    """Create or update areas from a ``code,name,level,parent_code`` file, with boundaries.

    Existing codes are updated (name, level, parent, and boundary when given). ``synthetic``
    marks the file's areas when it has no ``synthetic`` column. The import is audited as
    ``actor`` (the system when ``None``). Returns counts of areas.
    """
    with _unit(source) as session:
        stored = {a.code: a for a in session.scalars(select(Area))}
        by_id = {a.id: a.code for a in stored.values()}
        existing = {
            code: (Level(a.level), by_id.get(a.parent_id) if a.parent_id else None)
            for code, a in stored.items()
        }
        rows = read_areas(file, existing=existing, synthetic=synthetic)
        shapes = {}
        if boundaries is not None:
            shapes = read_boundaries(boundaries, known={*stored, *(r.code for r in rows)})
        created = 0
        for r in rows:
            area = stored.get(r.code)
            if area is None:
                area = Area(code=r.code, name=r.name, level=r.level.value, synthetic=False)
                session.add(area)
                stored[r.code] = area
                created += 1
            area.name, area.level = r.name, r.level.value
            if r.synthetic is not None:
                area.synthetic = r.synthetic
        session.flush()
        for r in rows:
            stored[r.code].parent_id = stored[r.parent_code].id if r.parent_code else None
        for code, shape in shapes.items():
            stored[code].boundary = shape
        refresh_statistics(session, "areas", len(rows))
        summary = ImportSummary(file.name, created, len(rows) - created)
        after = {
            "file": file.name, "boundaries": boundaries.name if boundaries else None,
            "created": summary.created, "updated": summary.updated, "with_boundary": len(shapes),
            "levels": sorted({r.level.value for r in rows}),
        }  # fmt: skip
        _record_import(session, "areas", after, actor, request_id)
        return summary


def import_indicators(
    source: SessionSource,
    file: Path,
    *,
    actor: audit.Actor | None = None,
    request_id: str | None = None,
) -> ImportSummary:
    """Create or update indicators from a CSV/XLSX or TOML catalogue.

    An indicator that already has observations may not change kind (share, count or other),
    because its stored values were checked as that kind. The import is audited as ``actor``
    (the system when ``None``).
    """
    with _unit(source) as session:
        rows = read_indicators(file)
        stored = {i.id: i for i in session.scalars(select(Indicator))}
        used = set(session.scalars(select(Observation.indicator_id).distinct()))
        problems = []
        for r in rows:
            old = stored.get(r.id)
            if old is not None and r.id in used and old.kind != kind_of(r.is_share, r.unit):
                problems.append(Problem(
                    file.name, r.row, "unit" if r.row is not None else f"indicators.{r.id}",
                    f"indicator {r.id!r} has stored observations as a {old.kind.value}; it cannot "
                    f"become a {kind_of(r.is_share, r.unit).value}",
                ))  # fmt: skip
        if problems:
            raise ImportFailed(problems)
        created = 0
        for r in rows:
            indicator = stored.get(r.id)
            if indicator is None:
                indicator = Indicator(id=r.id)
                session.add(indicator)
                created += 1
            indicator.name_sv, indicator.name_en, indicator.unit = r.name_sv, r.name_en, r.unit
            indicator.direction, indicator.age_band = r.direction.value, r.age_band
            indicator.source, indicator.is_share = r.source, r.is_share
            indicator.numerator_description = r.numerator_description
            indicator.denominator_description = r.denominator_description
        session.flush()
        summary = ImportSummary(file.name, created, len(rows) - created)
        after = {
            "file": file.name, "created": summary.created, "updated": summary.updated,
            "indicators": sorted(r.id for r in rows),
        }  # fmt: skip
        _record_import(session, "indicators", after, actor, request_id)
        return summary


def import_observations(
    source: SessionSource,
    file: Path,
    *,
    fmt: Literal["tidy", "wide"] = "tidy",
    year: int | None = None,
    replace: bool = False,
    sheet: str | None = None,
    progress: ProgressFn | None = None,
    actor: audit.Actor | None = None,
    request_id: str | None = None,
) -> ImportSummary:
    """Import observations from a tidy or wide CSV/XLSX file, all or nothing.

    Parameters
    ----------
    source
        A sessionmaker or an open session.
    file
        The file; see :mod:`kraftsamling.stats.readers` for both layouts and every check.
    fmt
        ``"tidy"`` (one observation per row) or ``"wide"`` (one row per area).
    year
        The year of a wide file without a ``year`` column.
    replace
        Overwrite observations already stored for the same area, indicator and year. Without
        it, such a key is a problem and nothing is imported.
    sheet
        XLSX sheet name; the first sheet when omitted.
    progress
        Called with (phase, done, total) while reading and writing.
    actor, request_id
        Who imported (the system when ``None``) and the web request, for the audit entry: one
        entry with the file, the counts, the years and the indicators, in the same transaction.

    Raises
    ------
    ImportFailed
        With every problem found; nothing was written.
    """
    if fmt not in ("tidy", "wide"):
        raise InvalidInput(f"The file format must be 'tidy' or 'wide'. Got {fmt!r}.")
    with _unit(source) as session:
        area_ids = dict(session.execute(select(Area.code, Area.id)).all())
        facts = {i.id: _Facts(i.is_share, i.unit) for i in session.scalars(select(Indicator))}

        def on_read(done: int, total: int | None) -> None:
            if progress is not None:
                progress("read", done, total)

        if fmt == "tidy":
            result = read_tidy(
                file, areas=area_ids, indicators=facts, sheet=sheet, progress=on_read
            )
        else:
            result = read_wide(
                file, areas=area_ids, indicators=facts, year=year, sheet=sheet, progress=on_read
            )
        records = result.records
        stored = stored_keys(session, records, area_ids)
        if stored and not replace:
            raise ImportFailed([
                Problem(
                    result.file, r.row, r.column,
                    f"area {r.area!r}, indicator {r.indicator!r}, year {r.year} is already "
                    "stored; import with replace to overwrite it",
                )
                for r in records
                if (area_ids[r.area], r.indicator, r.year) in stored
            ])  # fmt: skip
        inserts, updates = [], []
        for r in records:
            values = {"value": r.value, "numerator": r.numerator, "denominator": r.denominator}
            key = (area_ids[r.area], r.indicator, r.year)
            if key in stored:
                updates.append({"id": stored[key], **values})
            else:
                inserts.append(
                    {"area_id": key[0], "indicator_id": key[1], "year": key[2], **values}
                )
        write_observations(session, inserts, updates, progress)
        summary = ImportSummary(
            result.file, len(inserts), len(updates), result.ignored_columns,
            _thin_years(session, records),
        )  # fmt: skip
        after = _observations_after(summary, records, fmt=fmt, sheet=sheet, replace=replace)
        _record_import(session, "observations", after, actor, request_id)
        return summary


def _thin_years(session: Session, records: Sequence[ObservationRecord]) -> list[ThinYear]:
    """The imported years that the imported indicators leave thinly covered, per level."""
    codes = {r.area for r in records}
    levels = sorted({
        level for code, level in session.execute(select(Area.code, Area.level)) if code in codes
    })  # fmt: skip
    indicators = sorted({r.indicator for r in records})
    years = {r.year for r in records}
    return [
        ThinYear(level, c)
        for level in levels
        for c in year_coverage(session, level=level, indicators=indicators)
        if c.year in years and not c.counts
    ]


def _observations_after(
    summary: ImportSummary,
    records: Sequence[ObservationRecord],
    *,
    fmt: str,
    sheet: str | None,
    replace: bool,
) -> dict[str, object]:
    years = sorted({r.year for r in records})
    return {
        "file": summary.file, "format": fmt, "sheet": sheet, "replace": replace,
        "created": summary.created, "updated": summary.updated,
        "years": [years[0], years[-1]] if years else None,
        "indicators": sorted({r.indicator for r in records}),
        "ignored_columns": summary.ignored_columns,
    }  # fmt: skip


def observations_table(
    source: SessionSource, indicator_ids: Sequence[str], year: int, level: Level | str
) -> pd.DataFrame:
    """One row per area of ``level`` with the indicators' values in ``year``: the index input.

    Columns: ``area_code``, ``area_name``, one column per indicator (in the order given), then
    ``<id>_num`` and ``<id>_den`` for every share. Missing observations are NaN. Rows are sorted
    by area code. ``DataFrame.attrs["synthetic"]`` is True when any area is synthetic.

    Raises
    ------
    NotFound
        When an indicator id is unknown.
    """
    level = parse_level(level) if isinstance(level, str) else level
    with _unit(source) as session:
        indicators = {i.id: i for i in session.scalars(
            select(Indicator).where(Indicator.id.in_(list(indicator_ids)))
        )}  # fmt: skip
        unknown = [i for i in indicator_ids if i not in indicators]
        if unknown:
            raise NotFound(f"Unknown indicator(s) {', '.join(unknown)}.")
        areas = sorted(
            session.scalars(select(Area).where(Area.level == level.value)), key=lambda a: a.code
        )
        query = (
            select(
                Observation.area_id,
                Observation.indicator_id,
                Observation.value,
                Observation.numerator,
                Observation.denominator,
            )
            .join(Area, Observation.area_id == Area.id)
            .where(
                Area.level == level.value,
                Observation.year == year,
                Observation.indicator_id.in_(list(indicator_ids)),
            )
        )
        found = {(a, i): (v, n, d) for a, i, v, n, d in session.execute(query)}
    shares = [i for i in indicator_ids if indicators[i].is_share]
    columns: dict[str, list[object]] = {
        "area_code": [a.code for a in areas],
        "area_name": [a.name for a in areas],
    }
    for ind in indicator_ids:
        columns[ind] = [_num(found.get((a.id, ind)), 0) for a in areas]
    for ind in shares:
        columns[f"{ind}_num"] = [_num(found.get((a.id, ind)), 1) for a in areas]
        columns[f"{ind}_den"] = [_num(found.get((a.id, ind)), 2) for a in areas]
    frame = pd.DataFrame(columns)
    for ind in [*indicator_ids, *(f"{s}_{p}" for s in shares for p in ("num", "den"))]:
        frame[ind] = frame[ind].astype("float64")
    frame.attrs["synthetic"] = any(a.synthetic for a in areas)
    return frame


def _num(found: tuple[float | None, float | None, float | None] | None, position: int) -> float:
    value = None if found is None else found[position]
    return math.nan if value is None else float(value)


@dataclass(frozen=True)
class AggregationResult:
    """Aggregates of one indicator and year to the areas of one level."""

    indicator: str
    year: int
    level: Level
    from_level: Level
    aggregates: dict[str, Aggregate]
    unassigned: list[str]
    stored: int = 0


def aggregate_to(
    source: SessionSource,
    indicator_id: str,
    year: int,
    level: Level | str,
    *,
    from_level: Level | str | None = None,
    store: bool = False,
) -> AggregationResult:
    """Aggregate an indicator from smaller areas up to every area of ``level``.

    Shares re-add numerators and denominators; counts are summed; other indicators cannot be
    aggregated (see :mod:`kraftsamling.stats.aggregate` for the reason codes). The smaller areas
    are those of ``from_level``; by default the finer level closest to ``level`` that has
    observations in that year. Small areas whose parent chain skips ``level`` are listed in
    ``unassigned``. With ``store``, every complete aggregate is saved as an observation of the
    large area, overwriting one already stored.

    Raises
    ------
    NotFound
        When the indicator is unknown or no finer level has observations.
    InvalidInput
        When ``from_level`` is not finer than ``level``.
    """
    level = parse_level(level) if isinstance(level, str) else level
    with _unit(source) as session:
        indicator = session.get(Indicator, indicator_id)
        if indicator is None:
            raise NotFound(f"Unknown indicator {indicator_id!r}.")
        areas = list(session.scalars(select(Area)))
        levels = {a.code: Level(a.level) for a in areas}
        code_of = {a.id: a.code for a in areas}
        parents = {a.code: code_of.get(a.parent_id) if a.parent_id else None for a in areas}
        observed = session.execute(
            select(Area.code, Observation.value, Observation.numerator, Observation.denominator)
            .join(Area, Observation.area_id == Area.id)
            .where(Observation.indicator_id == indicator_id, Observation.year == year)
        )
        cells = {code: Cell(code, v, n, d) for code, v, n, d in observed}
        small = _pick_from_level(level, from_level, {levels[c] for c in cells}, indicator_id, year)
        membership, unassigned = {}, []
        for code in sorted(c for c, lv in levels.items() if lv == small):
            large = ancestor_at(code, level, parents, levels)
            if large is None:
                unassigned.append(code)
            else:
                membership[code] = large
        targets = [c for c, lv in levels.items() if lv == level]
        result = aggregate(
            (c for c in cells.values() if c.area in membership), membership, indicator.kind,
            targets=targets,
        )  # fmt: skip
        stored = _store_aggregates(session, indicator_id, year, result) if store else 0
    return AggregationResult(indicator_id, year, level, small, result, unassigned, stored)


def _pick_from_level(
    level: Level, chosen: Level | str | None, observed: set[Level], indicator: str, year: int
) -> Level:
    if chosen is not None:
        small = parse_level(chosen) if isinstance(chosen, str) else chosen
        if RANK[small] >= RANK[level]:
            raise InvalidInput(
                f"Can only aggregate from a finer level than {level.value}; got {small.value}."
            )
        return small
    finer = sorted((lv for lv in observed if RANK[lv] < RANK[level]), key=lambda v: (-RANK[v], v))
    if not finer:
        raise NotFound(
            f"No observations of {indicator!r} in {year} at any level finer than {level.value}."
        )
    return finer[0]


def _store_aggregates(
    session: Session, indicator: str, year: int, result: dict[str, Aggregate]
) -> int:
    ids = dict(session.execute(select(Area.code, Area.id)).all())
    existing = {
        area_id: obs
        for area_id, obs in session.execute(
            select(Observation.area_id, Observation).where(
                Observation.indicator_id == indicator, Observation.year == year
            )
        )
    }
    count = 0
    for code, agg in result.items():
        if not agg.ok:
            continue
        obs = existing.get(ids[code])
        if obs is None:
            obs = Observation(area_id=ids[code], indicator_id=indicator, year=year)
            session.add(obs)
        obs.value, obs.numerator, obs.denominator = agg.value, agg.numerator, agg.denominator
        count += 1
    session.flush()
    return count


def export_boundaries(source: SessionSource, out: Path, *, level: Level | str | None = None) -> int:
    """Write area boundaries to GeoJSON (``.geojson``/``.json``) or GeoPackage (``.gpkg``).

    Only areas with a stored boundary are written, with properties ``code``, ``name``,
    ``level``, ``parent_code`` and ``synthetic``. GeoPackage needs the optional ``geo`` extra.
    Returns the number of areas written.

    Raises
    ------
    InvalidInput
        For another suffix, or GeoPackage without the ``geo`` extra installed.
    """
    suffix = out.suffix.lower()
    if suffix not in (".geojson", ".json", ".gpkg"):
        raise InvalidInput(f"Export to .geojson, .json or .gpkg; got {out.name!r}.")
    level = parse_level(level) if isinstance(level, str) else level
    with _unit(source) as session:
        areas = list(session.scalars(select(Area)))
    code_of = {a.id: a.code for a in areas}
    features = [
        {
            "type": "Feature",
            "properties": {
                "code": a.code,
                "name": a.name,
                "level": a.level,
                "parent_code": code_of.get(a.parent_id) if a.parent_id else None,
                "synthetic": a.synthetic,
            },
            "geometry": json.loads(a.boundary),
        }
        for a in sorted(areas, key=lambda a: a.code)
        if a.boundary and (level is None or a.level == level.value)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    if suffix == ".gpkg":
        from kraftsamling.stats.geo import write_geopackage

        write_geopackage(collection, out)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return len(features)
