"""The observation readers on their own: every check, located as the user sees the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from kraftsamling.core.errors import ImportFailed
from kraftsamling.stats.readers import read_tidy, read_wide


@dataclass(frozen=True)
class Facts:
    is_share: bool
    unit: str


AREAS = {"A1", "A2", "B1"}
INDICATORS = {
    "population": Facts(False, "count"),
    "child_poverty": Facts(True, "percent"),
    "median_income": Facts(False, "SEK"),
}
TIDY = "area,indicator,year,value,numerator,denominator\n"


def _tidy(tmp_path: Path, body: str, name: str = "t.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(TIDY + body if "\n" not in body.split(",")[0] else body, encoding="utf-8")
    return read_tidy(path, areas=AREAS, indicators=INDICATORS)


def _problems(call) -> list[tuple[int | None, str | None, str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as info:
        call()
    return [(p.row, p.column, p.message) for p in info.value.problems]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            "A1,child_poverty,2024,-0.5,,",
            "value",
            "share -0.5 is outside 0-100 (indicator 'child_poverty')",
        ),
        (
            "A1,child_poverty,2024,,-1,10",
            "numerator",
            "numerator -1 is negative; counts must be 0 or more",
        ),
        (
            "A1,child_poverty,2024,,1,-10",
            "denominator",
            "denominator -10 is negative; counts must be 0 or more",
        ),
        (
            "A1,child_poverty,2024,40,12,24",
            "value",
            "value 40 does not match numerator/denominator 12/24 = 50.0 %",
        ),
        (
            "A1,child_poverty,2024,40,12,",
            "numerator",
            "numerator given alone; give both numerator and denominator or neither",
        ),
        (
            "A1,child_poverty,2024,,,30",
            "denominator",
            "denominator given alone; give both numerator and denominator or neither",
        ),
        (
            "A1,child_poverty,2024,0,0,0",
            "denominator",
            "denominator is 0, so the share is undefined; leave the value empty",
        ),
        (
            "A1,population,2024,150,150,300",
            "numerator",
            "indicator 'population' is not a share; leave numerator and denominator empty",
        ),
        ("A1,median_income,2024,1e,,", "value", "'1e' is not a number"),
        (",population,2024,5,,", "area", "the area code is empty"),
    ],
)
def test_tidy_rules(tmp_path: Path, row: str, column: str, message: str) -> None:
    assert _problems(lambda: _tidy(tmp_path, row + "\n")) == [(2, column, message)]


def test_share_values_rounded_to_whole_percent_pass_and_empty_values_are_computed(
    tmp_path: Path,
) -> None:
    # 1/3 = 33.33 %: published as 33 it is within 0.5 points; an empty value becomes 33.33.
    result = _tidy(tmp_path, "A1,child_poverty,2024,33,1,3\nA2,child_poverty,2024,,1,3\n")
    values = [(r.area, r.value, r.numerator, r.denominator) for r in result.records]
    assert values[0] == ("A1", 33.0, 1.0, 3.0)
    assert values[1][1] == pytest.approx(100 / 3)


def test_missing_value_tokens_are_kept_as_missing(tmp_path: Path) -> None:
    result = _tidy(tmp_path, "A1,median_income,2024,..,,\nA2,median_income,2024,,,\n")
    assert [(r.area, r.value, r.row) for r in result.records] == [("A1", None, 2), ("A2", None, 3)]


def test_semicolon_file_reads_decimal_commas_and_refuses_two(tmp_path: Path) -> None:
    path = tmp_path / "sv.csv"
    path.write_text(
        "Area;Indicator;Year;Value\nA1;median_income;2024;310 000,5\nA2;median_income;2024;1,2,3\n",
        encoding="utf-8",
    )
    problems = _problems(lambda: read_tidy(path, areas=AREAS, indicators=INDICATORS))
    # Columns are named as the file writes them.
    assert problems == [(3, "Value", "'1,2,3' is not a number")]


def test_comma_file_refuses_decimal_comma_with_a_hint(tmp_path: Path) -> None:
    [(row, column, message)] = _problems(
        lambda: _tidy(tmp_path, 'A1,median_income,2024,"310000,5",,\n')
    )
    assert (row, column) == (2, "value")
    assert "decimal comma is only read in semicolon-separated files" in message


def test_extra_cells_beyond_the_header(tmp_path: Path) -> None:
    problems = _problems(lambda: _tidy(tmp_path, "A1,population,2024,5,,,surprise\n"))
    assert problems == [(2, None, "7 cells but the header has 6")]


def test_header_problems(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("area,indicator,year,value,value\nA1,population,2024,5,5\n")
    problems = _problems(lambda: read_tidy(path, areas=AREAS, indicators=INDICATORS))
    assert problems == [(1, "value", "column 'value' appears twice (columns 4 and 5)")]
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    problems = _problems(lambda: read_tidy(empty, areas=AREAS, indicators=INDICATORS))
    assert problems[0] == (1, None, "the file is empty; expected a header row")


# --- wide ----------------------------------------------------------------------------------------

WIDE = "area_code,area_name,population,child_poverty,child_poverty_num,child_poverty_den\n"


def _wide(tmp_path: Path, body: str, year: int | None = 2024):  # type: ignore[no-untyped-def]
    path = tmp_path / "w.csv"
    path.write_text(body, encoding="utf-8")
    return read_wide(path, areas=AREAS, indicators=INDICATORS, year=year)


def test_wide_reads_values_and_counts(tmp_path: Path) -> None:
    result = _wide(tmp_path, WIDE + "A1,Ett,5100,50,10,20\nA2,Två,,,,\nB1,Tre,70,,3,4\n")
    got = [(r.area, r.indicator, r.year, r.value, r.numerator, r.denominator, r.row, r.column)
           for r in result.records]  # fmt: skip
    assert got == [
        ("A1", "population", 2024, 5100.0, None, None, 2, "population"),
        ("A1", "child_poverty", 2024, 50.0, 10.0, 20.0, 2, "child_poverty"),
        # A2 is all empty: no observation at all.
        ("B1", "population", 2024, 70.0, None, None, 4, "population"),
        ("B1", "child_poverty", 2024, 75.0, 3.0, 4.0, 4, "child_poverty"),
    ]
    assert result.ignored_columns == ["area_name"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            WIDE + "A1,Ett,5100,,,\nZ9,Okänd,10,,,\n",
            (3, "area_code", "unknown area code 'Z9'; import the areas first"),
        ),
        (
            WIDE + "A1,Ett,-150,,,\n",
            (2, "population", "count -150 is negative; counts must be 0 or more"),
        ),
        (WIDE + "A1,Ett,many,,,\n", (2, "population", "'many' is not a number")),
        (
            WIDE + "A1,Ett,,,30,20\n",
            (2, "child_poverty_num", "numerator 30 is greater than denominator 20"),
        ),
        (
            WIDE + "A1,Ett,1,,,\nA1,Ett,2,,,\n",
            (
                3,
                "area_code",
                "duplicate of row 2: area 'A1', indicator 'population', year 2024 appears twice",
            ),
        ),
        (
            "area_code,population_num\nA1,3\n",
            (
                1,
                "population_num",
                "column 'population_num' holds counts but 'population' is not a share",
            ),
        ),
        (
            "area_code,crime_rate\nA1,3\n",
            (
                1,
                "crime_rate",
                "unknown indicator 'crime_rate'; "
                "known indicators: child_poverty, median_income, population",
            ),
        ),
        (
            "code,population\nA1,3\n",
            (
                1,
                "area_code",
                "missing required column area_code; expected area_code, then one column per "
                "indicator id (with optional <id>_num and <id>_den); found code, population",
            ),
        ),
    ],
)
def test_wide_rules(tmp_path: Path, body: str, expected: tuple[int, str, str]) -> None:
    assert _problems(lambda: _wide(tmp_path, body)) == [expected]


def test_wide_year_from_column_or_argument(tmp_path: Path) -> None:
    body = "area_code,year,population\nA1,2023,5\nA2,2024,6\n"
    result = _wide(tmp_path, body, year=None)
    assert [(r.area, r.year) for r in result.records] == [("A1", 2023), ("A2", 2024)]
    problems = _problems(lambda: _wide(tmp_path, body, year=2024))
    assert problems == [(2, "year", "year 2023 differs from the year given for the file, 2024")]
    problems = _problems(lambda: _wide(tmp_path, "area_code,population\nA1,5\n", year=None))
    assert problems == [(1, "year", "no year: give the year of the file or add a 'year' column")]
