"""Read CSV and XLSX files into rows numbered as the user sees them, and parse Swedish numbers.

Row numbers: the header is row 1, so the first data row is row 2, in CSV (records, as a
spreadsheet shows them) and XLSX (worksheet rows) alike. Fully empty rows are skipped but keep
their number.

CSV as Excel writes it in Sweden: fields separated by semicolons, a decimal comma, UTF-8 with a
byte-order mark or Windows-1252. The separator (semicolon, comma or tab) is taken from the header
line. The decimal separator follows from it:

* in semicolon- and tab-separated files, and in XLSX text cells, ``12,5`` and ``12.5`` both mean
  12.5;
* in comma-separated files only ``12.5`` is accepted; a comma inside a number is refused rather
  than guessed, because ``1,234`` could mean 1.234 or 1234.

Thousands may be grouped with a space or a no-break space (``1 234``), never with ``.`` or ``,``.
A minus may be written ``-`` or ``−``. Missing values are an empty cell or one of ``..``, ``-``,
``–``, ``—`` (``..`` is how SCB marks a missing figure).

Pure module: no database or web imports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kraftsamling.core.errors import InvalidInput, NotFound

MISSING_TOKENS = frozenset({"", "..", "-", "–", "—"})
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}( \d{3})+([.,]\d+)?$")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2212": "-"})

Cell = object  # str, int, float, bool, date/time or None, as CSV and openpyxl give them
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class RawTable:
    """A file's header and data rows; ``rows`` holds ``(row_number, cells)`` pairs."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]]
    decimal_comma: bool


def read_table(path: Path, *, sheet: str | None = None) -> RawTable:
    """Read a CSV or XLSX file; the first row is the header.

    Raises
    ------
    NotFound
        When the file does not exist.
    InvalidInput
        When the suffix is neither CSV nor XLSX, or the sheet does not exist.
    """
    if not path.is_file():
        raise NotFound(f"File {path} does not exist.")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_csv(path)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet)
    raise InvalidInput(
        f"Cannot read {path.name}: expected a .csv or .xlsx file, got {suffix or 'no suffix'!r}."
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV (semicolon-separated)" on Swedish Windows writes Windows-1252.
        return data.decode("cp1252")


def _read_csv(path: Path) -> RawTable:
    text = _decode(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count) if first_line else ","
    if first_line.count(delimiter) == 0:
        delimiter = ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = [h.strip() for h in records[0]] if records else []
    rows: list[tuple[int, list[Cell]]] = [
        (number, list(cells))
        for number, cells in enumerate(records[1:], start=2)
        if any(c.strip() for c in cells)
    ]
    return RawTable(path.name, header, rows, decimal_comma=delimiter != ",")


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    import openpyxl

    with warnings.catch_warnings():
        # Files from some tools lack a default style; openpyxl says so but reads them fine.
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InvalidInput(
                f"{path.name} has no sheet {sheet!r}; it has {', '.join(book.sheetnames)}."
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        all_rows: list[list[Cell]] = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    header = [_header_text(c) for c in all_rows[0]] if all_rows else []
    while header and header[-1] == "":
        header.pop()
    rows: list[tuple[int, list[Cell]]] = [
        (number, cells)
        for number, cells in enumerate(all_rows[1:], start=2)
        if any(c is not None and str(c).strip() for c in cells)
    ]
    return RawTable(path.name, header, rows, decimal_comma=True)


def _header_text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def cell_at(cells: Sequence[Cell], index: int | None) -> Cell:
    """The cell at ``index``, or ``None`` when the row is short or the column absent."""
    if index is None or index >= len(cells):
        return None
    return cells[index]


def is_missing(cell: Cell) -> bool:
    """True for an empty cell or a missing-value token."""
    if cell is None:
        return True
    return isinstance(cell, str) and cell.strip() in MISSING_TOKENS


def as_text(cell: Cell) -> str:
    """A cell as trimmed text; whole numbers from XLSX lose their ``.0``."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_number(cell: Cell, *, decimal_comma: bool) -> float | None:
    """Parse a numeric cell; ``None`` for a missing value.

    Raises
    ------
    ValueError
        When the cell is not a number; the message says why.

    Examples
    --------
    >>> parse_number("1 234,5", decimal_comma=True), parse_number("..", decimal_comma=True)
    (1234.5, None)
    """
    if is_missing(cell):
        return None
    if isinstance(cell, bool | dt.date | dt.time):
        raise ValueError(f"{cell!r} is not a number")
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().translate(_SPACES)
    if " " in text:
        if not _GROUPED.match(text):
            raise ValueError(f"{str(cell)!r} is not a number")
        text = text.replace(" ", "")
    if "," in text:
        if not decimal_comma:
            raise ValueError(
                f"{str(cell)!r} is not a number: a decimal comma is only read in "
                "semicolon-separated files; write 12.5 or separate fields with ';'"
            )
        if "." in text or text.count(",") > 1:
            raise ValueError(f"{str(cell)!r} is not a number")
        text = text.replace(",", ".")
    if not _PLAIN.match(text):
        raise ValueError(f"{str(cell)!r} is not a number")
    return float(text)


def parse_year(cell: Cell) -> int:
    """Parse a year: a whole number from 1900 to 2200.

    Raises
    ------
    ValueError
        When the cell is not such a whole number.
    """
    shown = as_text(cell) if not isinstance(cell, float) else repr(cell)
    if isinstance(cell, bool | dt.date | dt.time):
        raise ValueError(f"year {shown!r} is not a whole number")
    if isinstance(cell, float):
        if not cell.is_integer():
            raise ValueError(f"year {shown!r} is not a whole number")
        year = int(cell)
    elif isinstance(cell, int):
        year = cell
    else:
        text = as_text(cell)
        if not re.fullmatch(r"[0-9]+", text):
            raise ValueError(f"year {text!r} is not a whole number")
        year = int(text)
    if not 1900 <= year <= 2200:
        raise ValueError(f"year {year} is outside 1900-2200")
    return year
