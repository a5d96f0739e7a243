"""Every import error names file, row and column, and leaves stored data exactly as it was.

Each bad file also holds valid new rows, so a partial write would show in the snapshot. Runs on
SQLite and PostgreSQL through the ``engine`` fixture. Further checks of the same readers, which
need no database, are in ``test_stats_readers.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core.errors import ImportFailed
from kraftsamling.stats import service
from kraftsamling.stats.service import import_indicators, import_observations

HEAD = "area,indicator,year,value,numerator,denominator\n"
GOOD = "1280-01-01,population,2025,5100,,\n"  # row 2 in every tidy case below

TIDY_CASES = [
    pytest.param(
        HEAD + GOOD + "9999-99-99,population,2025,10,,\n",
        (3, "area", "unknown area code '9999-99-99'"),
        id="unknown-area",
    ),
    pytest.param(
        HEAD + GOOD + "1280-01-02,crime_rate,2025,10,,\n",
        (3, "indicator", "unknown indicator 'crime_rate'; known indicators: child_poverty"),
        id="unknown-indicator",
    ),
    pytest.param(
        HEAD + GOOD + "1280-01-02,population,2025,12x,,\n",
        (3, "value", "'12x' is not a number"),
        id="non-numeric-value",
    ),
    pytest.param(
        HEAD + GOOD + "1280-01-02,population,2025,150,,\n1280-01-01,population,2025,5200,,\n",
        (4, "area", "duplicate of row 2"),
        id="duplicate-key",
    ),
    pytest.param(
        HEAD + GOOD + "1280-01-02,child_poverty,2025,134,,\n",
        (3, "value", "share 134 is outside 0-100"),
        id="share-above-100",
    ),
    pytest.param(
        HEAD + GOOD + "1280-01-02,population,2025,-3,,\n",
        (3, "value", "count -3 is negative"),
        id="negative-count",
    ),
    pytest.param(
        HEAD + GOOD + "1280-01-02,child_poverty,2025,,12,10\n",
        (3, "numerator", "numerator 12 is greater than denominator 10"),
        id="numerator-above-denominator",
    ),
    pytest.param(
        HEAD + GOOD + "1280-01-02,population,2024.5,150,,\n",
        (3, "year", "year '2024.5' is not a whole number"),
        id="year-not-integer",
    ),
    pytest.param(
        "area,indicator,year,numerator\n" + "1280-01-01,population,2025,5100\n",
        (
            1,
            "value",
            "missing required column(s) value; expected area, indicator, year, value"
            "[, numerator, denominator]; found area, indicator, year, numerator",
        ),
        id="missing-column",
    ),
    pytest.param(
        HEAD + GOOD + "1280-01-02,population,2024,151,,\n",
        (3, "value", "year 2024 is already stored; import with replace to overwrite it"),
        id="already-stored",
    ),
]

WIDE_HEAD = "area_code,area_name,population,child_poverty,child_poverty_num,child_poverty_den\n"
WIDE_GOOD = "1280-01-01,Gamla staden,5100,50,10,20\n"  # row 2

WIDE_CASES = [
    pytest.param(
        "area_code,population,crime_rate\n1280-01-01,5100,3\n",
        (1, "crime_rate", "unknown indicator 'crime_rate'"),
        id="wide-unknown-indicator",
    ),
    pytest.param(
        WIDE_HEAD + WIDE_GOOD + "1280-01-02,Inre hamnen,150,101,,\n",
        (3, "child_poverty", "share 101 is outside 0-100"),
        id="wide-share-outside",
    ),
]


def _expect_rejected(
    factory: sessionmaker[Session],
    take_snapshot: Callable[[], object],
    path: Path,
    expected: tuple[int, str, str],
    **options: object,
) -> None:
    before = take_snapshot()
    with pytest.raises(ImportFailed) as info:
        import_observations(factory, path, **options)  # type: ignore[arg-type]
    row, column, fragment = expected
    located = [
        p for p in info.value.problems if (p.file, p.row, p.column) == (path.name, row, column)
    ]
    assert located, info.value.problems
    assert any(fragment in p.message for p in located), located
    text = str(info.value)
    assert f"{path.name}, row {row}, column '{column}'" in text
    assert "nothing was stored" in text
    assert take_snapshot() == before


@pytest.mark.parametrize(("content", "expected"), TIDY_CASES)
def test_tidy_csv_errors(
    world: sessionmaker[Session],
    take_snapshot: Callable[[], object],
    tmp_path: Path,
    content: str,
    expected: tuple[int, str, str],
) -> None:
    path = tmp_path / "tidy.csv"
    path.write_text(content, encoding="utf-8")
    _expect_rejected(world, take_snapshot, path, expected)


@pytest.mark.parametrize(("content", "expected"), WIDE_CASES)
def test_wide_csv_errors(
    world: sessionmaker[Session],
    take_snapshot: Callable[[], object],
    tmp_path: Path,
    content: str,
    expected: tuple[int, str, str],
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(content, encoding="utf-8")
    _expect_rejected(world, take_snapshot, path, expected, fmt="wide", year=2025)


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_tidy_errors_use_excel_row_numbers(
    world: sessionmaker[Session], take_snapshot: Callable[[], object], tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "tidy.xlsx",
        [
            ["area", "indicator", "year", "value", "numerator", "denominator"],
            ["1280-01-01", "population", 2025, 5100, None, None],
            [None, None, None, None, None, None],
            ["1280-01-02", "child_poverty", 2025, "abc", 1, 2],
        ],
    )
    _expect_rejected(world, take_snapshot, path, (4, "value", "'abc' is not a number"))


def test_xlsx_wide_error(
    world: sessionmaker[Session], take_snapshot: Callable[[], object], tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "wide.xlsx",
        [
            ["area_code", "population", "child_poverty"],
            ["1280-01-01", 5100, 50.0],
            ["1280-01-02", 150, 250.0],
        ],
    )
    _expect_rejected(
        world, take_snapshot, path, (3, "child_poverty", "share 250 is outside 0-100"),
        fmt="wide", year=2025,
    )  # fmt: skip


def test_all_problems_are_reported_together(
    world: sessionmaker[Session], take_snapshot: Callable[[], object], tmp_path: Path
) -> None:
    path = tmp_path / "many.csv"
    path.write_text(
        HEAD
        + "9999,population,2025,1,,\n"
        + "1280-01-01,crime_rate,2025,x,,\n"
        + "1280-01-01,population,20x5,1,,\n"
        + "1280-01-02,child_poverty,2025,,50,10\n",
        encoding="utf-8",
    )
    before = take_snapshot()
    with pytest.raises(ImportFailed) as info:
        import_observations(world, path)
    found = {(p.row, p.column) for p in info.value.problems}
    # Row 3 has two problems: its indicator is unknown and its value is not a number.
    assert found == {(2, "area"), (3, "indicator"), (3, "value"), (4, "year"), (5, "numerator")}
    assert take_snapshot() == before


def test_failure_while_writing_rolls_everything_back(
    world: sessionmaker[Session],
    take_snapshot: Callable[[], object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(HEAD + GOOD + "1280-01-02,population,2025,151,,\n", encoding="utf-8")
    real_write = service.write_observations

    def write_then_fail(session: Session, inserts: list, updates: list, progress: object) -> None:
        real_write(session, inserts[:1], [], None)  # one row reaches the database...
        raise RuntimeError("connection lost")  # ...then the write fails

    monkeypatch.setattr(service, "write_observations", write_then_fail)
    before = take_snapshot()
    with pytest.raises(RuntimeError, match="connection lost"):
        import_observations(world, path)
    assert take_snapshot() == before


def test_in_a_callers_session_a_failed_import_rolls_back_only_itself(
    world: sessionmaker[Session], take_snapshot: Callable[[], object], tmp_path: Path
) -> None:
    catalogue = tmp_path / "more.toml"
    catalogue.write_text(
        '[indicators.overcrowding]\nname_sv = "Trångboddhet"\nunit = "percent"\n'
        'direction = "higher_is_worse"\n',
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(HEAD + "1280-01-01,overcrowding,2025,140,,\n", encoding="utf-8")
    before = take_snapshot()
    with world() as session:
        import_indicators(session, catalogue)
        with pytest.raises(ImportFailed):
            import_observations(session, bad)
        session.commit()
    after = take_snapshot()
    assert after.indicators == before.indicators + 1  # type: ignore[attr-defined]
    assert after.observations == before.observations  # type: ignore[attr-defined]
