"""How well a year is covered: the rule that decides which year is "the latest".

A partial import (one row for one area in a new year) must not move the public map, the
default year of a new index run or anything else that says "the latest year" to a year that
has almost no data. The rule, stated once here and documented in the README:

    A year *counts* at a level for a set of indicators when **each** of those indicators has
    an observation for at least ``MIN_COVERAGE`` (half) of the level's areas in that year.

The latest year shown is the newest year that counts. A year with observations that does not
count is *thinly covered*: it can still be chosen explicitly, and an import that leaves a
year thinly covered warns about it. When no year counts (a new installation that has only
loaded a few areas), the newest year with any observation is used, so something is shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kraftsamling.stats.levels import Level, parse_level
from kraftsamling.stats.models import Area, Observation

MIN_COVERAGE = 0.5
"""The share of a level's areas each indicator must cover for a year to count."""


@dataclass(frozen=True)
class YearCoverage:
    """One year's coverage at a level: the least-covered indicator's count of areas.

    >>> c = YearCoverage(2026, areas=1, total=100, indicator="employed")
    >>> (c.share, c.counts)
    (0.01, False)
    >>> YearCoverage(2025, areas=50, total=100, indicator=None).counts
    True
    """

    year: int
    areas: int
    total: int
    indicator: str | None

    @property
    def share(self) -> float:
        return self.areas / self.total if self.total else 0.0

    @property
    def counts(self) -> bool:
        return covers(self.areas, self.total)


def covers(areas: int, total: int, min_share: float = MIN_COVERAGE) -> bool:
    """Whether ``areas`` of a level's ``total`` areas are enough for a year to count.

    >>> covers(50, 100), covers(49, 100), covers(0, 0)
    (True, False, False)
    """
    return total > 0 and areas >= min_share * total


def summarise(
    counts: Iterable[tuple[str, int, int]], *, total: int, indicators: Sequence[str]
) -> list[YearCoverage]:
    """Coverage per year, newest first, from ``(indicator, year, areas)`` counts.

    A year's coverage is that of its least-covered indicator in ``indicators``; an indicator
    with no observation that year covers 0 areas.

    >>> rows = [("a", 2025, 90), ("b", 2025, 80), ("a", 2026, 1)]
    >>> [(c.year, c.areas, c.indicator) for c in summarise(rows, total=100, indicators=["a", "b"])]
    [(2026, 0, 'b'), (2025, 80, 'b')]
    """
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    for indicator, year, areas in counts:
        by_year[year][indicator] = areas
    result = []
    for year in sorted(by_year, reverse=True):
        seen = by_year[year]
        worst = min(indicators, key=lambda i: (seen.get(i, 0), i)) if indicators else None
        areas = seen.get(worst, 0) if worst is not None else 0
        result.append(YearCoverage(year, areas, total, worst))
    return result


def year_coverage(
    session: Session,
    *,
    level: Level | str = Level.SUB_AREA,
    indicators: Sequence[str] | None = None,
) -> list[YearCoverage]:
    """Every year with observations at ``level`` of ``indicators``, newest first, with coverage.

    Without ``indicators``, each year is judged on the indicators observed in that year.
    """
    lvl = parse_level(level) if isinstance(level, str) else level
    query = (
        select(Observation.indicator_id, Observation.year, func.count(func.distinct(Area.id)))
        .join(Area, Observation.area_id == Area.id)
        .where(Area.level == lvl.value)
        .group_by(Observation.indicator_id, Observation.year)
    )
    if indicators is not None:
        query = query.where(Observation.indicator_id.in_(list(indicators)))
    rows = [(str(i), int(y), int(n)) for i, y, n in session.execute(query)]
    total = session.scalar(select(func.count(Area.id)).where(Area.level == lvl.value)) or 0
    if indicators is not None:
        return summarise(rows, total=total, indicators=list(indicators))
    per_year: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for row in rows:
        per_year[row[1]].append(row)
    found = [
        summarise(part, total=total, indicators=[r[0] for r in part])[0]
        for part in per_year.values()
    ]
    return sorted(found, key=lambda c: -c.year)


def latest_year(coverage: Sequence[YearCoverage]) -> int | None:
    """The newest year that counts, else the newest year with data, else ``None``.

    >>> latest_year([YearCoverage(2026, 1, 100, "a"), YearCoverage(2025, 90, 100, "a")])
    2025
    >>> latest_year([YearCoverage(2026, 1, 100, "a")])
    2026
    """
    counted = [c.year for c in coverage if c.counts]
    if counted:
        return max(counted)
    return max((c.year for c in coverage), default=None)


def thin_years(coverage: Sequence[YearCoverage]) -> list[YearCoverage]:
    """The years with data that do not count, newest first."""
    return [c for c in coverage if not c.counts]
