"""Excel sheets with openpyxl: a title row and a few lines saying what the sheet is, then a
header row that stays in view (frozen) and filters, the rows, and an optional bold total row.

Money is written as **real numbers in kronor**, exact to the öre, so that a reader can sum,
sort and filter them: a whole amount as an integer, one with öre as a decimal (written from a
``Decimal``, so the file holds ``1234.5`` and not a binary float's approximation). The number
format is ``#,##0 "kr"`` (``#,##0.00 "kr"`` with öre): a format code is stored in the file in
its locale-neutral form, where ``,`` means "group the thousands", and Swedish Excel and
LibreOffice show it as ``1 234 567 kr``; a literal ``# ##0`` would not group at all. Öre as
integers were the other choice, exact too, but a board member's sheet should read in kronor.

>>> wb = new_workbook(title="Prov")
>>> sheet = add_sheet(wb, "Prov", title="Prov", header=("Belopp",), rows=[(Money(12345),)])
>>> sheet["A4"].value, sheet["A4"].number_format
(Decimal('123.45'), '#,##0.00 "kr"')
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kraftsamling.core.formatting import format_ore

MONEY_FORMAT = '#,##0 "kr"'
MONEY_FORMAT_ORE = '#,##0.00 "kr"'
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
MAX_WIDTH = 60


@dataclass(frozen=True)
class Money:
    """An amount in öre, for a money cell."""

    ore: int

    def __post_init__(self) -> None:
        if type(self.ore) is not int:
            raise TypeError(f"Money takes whole öre as an int; got {self.ore!r}.")


Cell = str | int | dt.date | Money | None


def kronor_value(ore: int) -> int | Decimal:
    """``ore`` as kronor for a cell: an int when whole, else an exact ``Decimal``.

    >>> kronor_value(30000000), kronor_value(-150)
    (300000, Decimal('-1.5'))
    """
    whole, rest = divmod(ore, 100)
    return whole if rest == 0 else Decimal(ore) / 100


def new_workbook(
    *, title: str, author: str = "", language: str = "sv-SE", subject: str = ""
) -> Workbook:
    """A workbook with no sheets yet and its document properties set."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]  # a new workbook always has one sheet
    props = wb.properties
    props.title = title
    props.language = language
    props.subject = subject or None
    props.creator = props.lastModifiedBy = author or None
    return wb


def add_sheet(
    wb: Workbook,
    name: str,
    *,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    notes: Sequence[str] = (),
    total: Sequence[Cell] | None = None,
    widths: Sequence[float] | None = None,
    landscape: bool = True,
) -> Worksheet:
    """A sheet: ``title`` in A1, ``notes`` below it, then the header row (frozen, filtered,
    repeated on printed pages), the rows and the optional total row in bold."""
    sheet = wb.create_sheet(name[:31])  # Excel's limit on a sheet's name
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    for offset, note in enumerate(notes, start=2):
        sheet.cell(row=offset, column=1, value=note)
    header_row = len(notes) + 3  # a blank row between the notes and the table
    for index, text in enumerate(header, start=1):
        cell = sheet.cell(row=header_row, column=index, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    texts: list[list[str]] = [[str(h)] for h in header]
    data = list(rows)
    for offset, row in enumerate(data, start=1):
        _write(sheet, header_row + offset, row, texts)
    last_data_row = header_row + len(data)
    if total is not None:
        _write(sheet, last_data_row + 1, total, texts, bold=True)
    last_column = get_column_letter(len(header))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{last_data_row}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for index, column in enumerate(texts, start=1):
        wanted = widths[index - 1] if widths else min(MAX_WIDTH, max(map(len, column)) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = wanted
    return sheet


def _write(
    sheet: Worksheet,
    number: int,
    row: Sequence[Cell],
    texts: list[list[str]],
    *,
    bold: bool = False,
) -> None:
    for index, cell in enumerate(row):
        target = sheet.cell(row=number, column=index + 1, value=_value(cell))
        if bold:
            target.font = Font(bold=True)
        if isinstance(cell, Money):
            target.number_format = MONEY_FORMAT if cell.ore % 100 == 0 else MONEY_FORMAT_ORE
            target.alignment = Alignment(horizontal="right")
            texts[index].append(format_ore(cell.ore))
        elif isinstance(cell, dt.date):
            target.number_format = DATE_FORMAT
            texts[index].append("2026-01-22")
        else:
            target.alignment = Alignment(wrap_text=True, vertical="top")
            texts[index].append("" if cell is None else str(cell))


def _value(cell: Cell) -> str | int | Decimal | dt.date | None:
    return kronor_value(cell.ore) if isinstance(cell, Money) else cell


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
