"""Swedish numbers, CSV dialects and row numbers as the user sees them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from kraftsamling.core.errors import InvalidInput, NotFound
from kraftsamling.stats.tables import parse_number, parse_year, read_table


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1 234", 1234.0),
        ("1\u00a0234,5", 1234.5),
        ("−3", -3.0),
        ("-0,25", -0.25),
        (7, 7.0),
        (2.5, 2.5),
        ("", None),
        ("..", None),
        ("–", None),
        (None, None),
    ],
)
def test_parse_number_with_decimal_comma(cell: object, expected: float | None) -> None:
    assert parse_number(cell, decimal_comma=True) == expected


@pytest.mark.parametrize("cell", ["12,5x", "1.234,5", "1,2,3", "12 5", "nan", "inf", "1_000", True])
def test_parse_number_refuses(cell: object) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(cell, decimal_comma=True)


def test_comma_files_refuse_a_decimal_comma_instead_of_guessing() -> None:
    with pytest.raises(ValueError, match="decimal comma is only read in semicolon-separated"):
        parse_number("1,234", decimal_comma=False)
    assert parse_number("1.5", decimal_comma=False) == 1.5


@pytest.mark.parametrize(("cell", "expected"), [("2024", 2024), (2024, 2024), (2024.0, 2024)])
def test_parse_year(cell: object, expected: int) -> None:
    assert parse_year(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2024.5", "year '2024.5' is not a whole number"),
        (2024.5, "year '2024.5' is not a whole number"),
        ("tjugo", "year 'tjugo' is not a whole number"),
        ("", "year '' is not a whole number"),
        (dt.date(2024, 1, 1), "not a whole number"),
        (1850, "outside 1900-2200"),
    ],
)
def test_parse_year_refuses(cell: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_year(cell)


def test_semicolon_csv_from_swedish_excel(tmp_path: Path) -> None:
    # Windows-1252 encoding, semicolons, CRLF line ends and a blank line, as Excel may save it.
    path = tmp_path / "excel.csv"
    path.write_bytes("area;value\r\nMöllevången;12,5\r\n;\r\nHusie;3\r\n".encode("cp1252"))
    table = read_table(path)
    assert table.header == ["area", "value"]
    assert table.decimal_comma
    # The empty row 3 is skipped but keeps its number.
    assert table.rows == [(2, ["Möllevången", "12,5"]), (4, ["Husie", "3"])]


def test_utf8_bom_and_comma_csv(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffarea,value\nRosengård,1.5\n".encode())
    table = read_table(path)
    assert table.header == ["area", "value"]
    assert not table.decimal_comma
    assert table.rows == [(2, ["Rosengård", "1.5"])]


def test_xlsx_rows_are_numbered_as_in_excel(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["area", "value"])
    sheet.append(["a", 1.5])
    sheet.append([None, None])
    sheet.append(["b", "2,5"])
    path = tmp_path / "data.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.header == ["area", "value"]
    assert table.rows == [(2, ["a", 1.5]), (4, ["b", "2,5"])]
    with pytest.raises(InvalidInput, match="no sheet 'Other'; it has Data"):
        read_table(path, sheet="Other")


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        read_table(tmp_path / "absent.csv")
    odd = tmp_path / "data.ods"
    odd.write_text("x")
    with pytest.raises(InvalidInput, match=r"expected a \.csv or \.xlsx file, got '\.ods'"):
        read_table(odd)
