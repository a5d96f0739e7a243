"""The coverage rule: which year is "the latest", and the import's warning about thin years."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from tests.stats.conftest import AREAS_CSV, INDICATORS_CSV, write
from typer.testing import CliRunner

from kraftsamling.stats.cli import app
from kraftsamling.stats.coverage import (
    MIN_COVERAGE,
    YearCoverage,
    covers,
    latest_year,
    summarise,
    year_coverage,
)
from kraftsamling.stats.service import import_observations

ONE_ROW_2025 = """area,indicator,year,value,numerator,denominator
1280-01-01,population,2025,5100,,
"""
TWO_MORE_2025 = """area,indicator,year,value,numerator,denominator
1280-01-02,population,2025,160,,
1280-02-01,population,2025,7100,,
"""


def test_the_rule_is_at_least_half_of_the_areas() -> None:
    assert MIN_COVERAGE == 0.5
    assert covers(50, 100) and not covers(49, 100)
    assert covers(2, 3) and not covers(1, 3)
    assert not covers(0, 0)  # a level without areas covers nothing


def test_a_year_counts_by_its_least_covered_indicator() -> None:
    counts = [("a", 2025, 100), ("b", 2025, 60), ("a", 2026, 100)]
    found = summarise(counts, total=100, indicators=["a", "b"])
    assert [(c.year, c.areas, c.indicator, c.counts) for c in found] == [
        (2026, 0, "b", False),  # b is missing in 2026 altogether
        (2025, 60, "b", True),
    ]


def test_latest_year_skips_a_thin_newer_year_and_falls_back_when_none_counts() -> None:
    thin, full = YearCoverage(2026, 1, 100, "a"), YearCoverage(2025, 100, 100, "a")
    assert latest_year([thin, full]) == 2025
    assert latest_year([thin]) == 2026
    assert latest_year([]) is None


def test_one_row_for_a_new_year_leaves_it_thin_and_the_latest_year_unchanged(
    world: sessionmaker[Session], tmp_path: Path
) -> None:
    summary = import_observations(world, write(tmp_path / "one.csv", ONE_ROW_2025))
    assert summary.created == 1
    [thin] = summary.thin_years
    assert thin.level == "sub_area"
    assert (thin.coverage.year, thin.coverage.areas, thin.coverage.total) == (2025, 1, 3)
    assert thin.coverage.indicator == "population"
    assert "2025 is thinly covered at level sub_area" in str(thin)
    assert "1 of 3 areas" in str(thin)
    with world() as session:
        coverage = year_coverage(session, level="sub_area", indicators=["population"])
        assert [(c.year, c.areas) for c in coverage] == [(2025, 1), (2024, 3)]
        assert latest_year(coverage) == 2024

    more = import_observations(world, write(tmp_path / "more.csv", TWO_MORE_2025))
    assert more.thin_years == []
    with world() as session:
        assert latest_year(year_coverage(session, indicators=["population"])) == 2025
        # a spec that also reads child poverty still needs it in 2025
        both = year_coverage(session, indicators=["population", "child_poverty"])
        assert latest_year(both) == 2024


def test_without_indicators_each_year_is_judged_on_what_it_holds(
    world: sessionmaker[Session],
) -> None:
    with world() as session:
        [only] = year_coverage(session, level="sub_area")
    # median income has 1 of 3 sub-areas in 2024: the least covered indicator decides
    assert (only.year, only.areas, only.total, only.indicator) == (2024, 1, 3, "median_income")


def test_the_command_line_warns_about_a_thin_year(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/k.sqlite3"
    runner = CliRunner()
    for command, name, text in [
        ("import-areas", "areas.csv", AREAS_CSV),
        ("import-indicators", "indicators.csv", INDICATORS_CSV),
        ("import", "one.csv", ONE_ROW_2025),
    ]:
        result = runner.invoke(
            app, [command, str(write(tmp_path / name, text)), "--database-url", url]
        )
        assert result.exit_code == 0, result.output
    flat = " ".join(result.stderr.split())
    assert "Warning: 2025 is thinly covered at level sub_area" in flat
    assert "'population' has observations for 1 of 3 areas" in flat
    assert "1 observations created" in result.stdout
