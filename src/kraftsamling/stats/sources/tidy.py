"""Observations as the statistics import reads them: area, indicator, year, value."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kraftsamling.core.errors import InvalidInput

TIDY_COLUMNS = ("area", "indicator", "year", "value")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Observation:
    """One value of one indicator for one area and year."""

    area: str
    indicator: str
    year: int
    value: float


def parse_year(period: str) -> int:
    """Read a period code that is a plain year (``"2024"``); anything else is refused.

    Monthly (``2024M03``) or quarterly (``2024K1``) periods would give several values per
    year, so they need an explicit choice, e.g. :func:`year_of_period` after selecting
    one period per year.
    """
    text = str(period).strip()
    if not _YEAR.match(text):
        raise InvalidInput(
            f"Period '{period}' is not a year (expected four digits such as 2024). Select one "
            "period per year and read its year with year_of_period (CLI: --year-from-period)."
        )
    return int(text)


def year_of_period(period: str) -> int:
    """The year a period code starts with: ``"2026M04"`` -> 2026, ``"2024K1"`` -> 2024."""
    text = str(period).strip()
    if not _YEAR.match(text[:4]):
        raise InvalidInput(f"Period '{period}' does not start with a four-digit year.")
    return int(text[:4])


def check_unique(observations: Iterable[Observation]) -> list[Observation]:
    """Return the observations as a list; InvalidInput on a repeated (area, indicator, year)."""
    seen: set[tuple[str, str, int]] = set()
    out = []
    for obs in observations:
        key = (obs.area, obs.indicator, obs.year)
        if key in seen:
            raise InvalidInput(
                f"Two values for area {obs.area}, indicator {obs.indicator}, year {obs.year}; "
                "select a single category of every other dimension so that each key occurs once."
            )
        seen.add(key)
        out.append(obs)
    return out


def format_value(value: float) -> str:
    """Shortest text that reads back as the same float; whole numbers without '.0'."""
    return str(int(value)) if value.is_integer() else repr(value)


def write_tidy_csv(observations: Iterable[Observation], path: Path) -> int:
    """Write observations as tidy CSV (area, indicator, year, value); return the row count."""
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TIDY_COLUMNS)
        for obs in observations:
            writer.writerow([obs.area, obs.indicator, obs.year, format_value(obs.value)])
            rows += 1
    return rows
