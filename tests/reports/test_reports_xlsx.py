"""The Excel building blocks: open what they write with openpyxl and read it back."""

from __future__ import annotations

import datetime as dt
import doctest
import io
from decimal import Decimal

import openpyxl
import pytest

import kraftsamling.reports.xlsx as report_xlsx
from kraftsamling.reports import Money, add_sheet, new_workbook, workbook_bytes
from kraftsamling.reports.xlsx import MONEY_FORMAT, MONEY_FORMAT_ORE, kronor_value


def _roundtrip(**kwargs: object) -> openpyxl.Workbook:
    wb = new_workbook(title="Beslutslista", author="Malmö stad", subject="Avrop")
    add_sheet(wb, "Beslutslista", **kwargs)  # type: ignore[arg-type]
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb)))


SHEET = {
    "title": "Avrop 2026",
    "notes": ("Ram: 10 000 000 kr", "Syntetiska demodata"),
    "header": ("Diarienummer", "Beslutsdatum", "Belopp", "Antal"),
    "rows": [
        ("STK-2026-0001", dt.date(2026, 2, 3), Money(30_000_000), 12),
        ("STK-2026-0002", dt.date(2026, 2, 4), Money(12_345_678), None),
    ],
    "total": ("Summa", None, Money(42_345_678), 12),
}


def test_layout_title_notes_header_rows_and_total() -> None:
    sheet = _roundtrip(**SHEET)["Beslutslista"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Avrop 2026"
    assert values[1][0] == "Ram: 10 000 000 kr" and values[2][0] == "Syntetiska demodata"
    assert values[3] == [None] * 4
    assert values[4] == ["Diarienummer", "Beslutsdatum", "Belopp", "Antal"]
    assert values[5] == ["STK-2026-0001", dt.datetime(2026, 2, 3), 300_000, 12]
    assert values[7] == ["Summa", None, pytest.approx(423_456.78), 12]
    assert sheet["A1"].font.b and sheet["A5"].font.b and sheet["C8"].font.b
    assert not sheet["C6"].font.b


def test_money_is_kronor_exact_to_the_ore_with_a_kronor_format() -> None:
    sheet = _roundtrip(**SHEET)["Beslutslista"]
    assert sheet["C6"].value == 300_000 and sheet["C6"].number_format == MONEY_FORMAT
    assert round(sheet["C7"].value * 100) == 12_345_678
    assert sheet["C7"].number_format == MONEY_FORMAT_ORE == '#,##0.00 "kr"'
    assert MONEY_FORMAT == '#,##0 "kr"'
    assert sheet["B6"].number_format == "yyyy-mm-dd"
    # the cell's XML holds the exact decimal, not a float's approximation
    assert kronor_value(12_345_678) == Decimal("123456.78")
    assert kronor_value(-1) == Decimal("-0.01")
    assert type(kronor_value(100)) is int


def test_header_frozen_filtered_and_printed_on_every_page() -> None:
    sheet = _roundtrip(**SHEET)["Beslutslista"]
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref == "A5:D7"  # the total row stays out of the filter
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.page_setup.orientation == "landscape"


def test_column_widths_follow_the_longest_text_or_are_given() -> None:
    sheet = _roundtrip(**SHEET)["Beslutslista"]
    assert sheet.column_dimensions["A"].width == len("STK-2026-0001") + 2
    assert sheet.column_dimensions["C"].width == len("423 456,78 kr") + 2
    given = _roundtrip(**{**SHEET, "widths": (10, 11, 12, 13)})["Beslutslista"]
    assert [given.column_dimensions[c].width for c in "ABCD"] == [10, 11, 12, 13]


def test_document_properties() -> None:
    props = _roundtrip(**SHEET).properties
    assert (props.title, props.language, props.creator) == ("Beslutslista", "sv-SE", "Malmö stad")


def test_an_empty_sheet_still_has_its_header_and_a_valid_filter() -> None:
    sheet = _roundtrip(title="Inga", header=("A", "B"), rows=[])["Beslutslista"]
    assert sheet["A3"].value == "A" and sheet.max_row == 3
    assert sheet.auto_filter.ref == "A3:B3"


def test_money_must_be_whole_ore() -> None:
    with pytest.raises(TypeError, match="whole öre"):
        Money(12.5)  # type: ignore[arg-type]


def test_module_examples() -> None:
    failures, tried = doctest.testmod(report_xlsx)
    assert tried > 0 and failures == 0
