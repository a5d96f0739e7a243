"""Read observation files, tidy or wide, and check every row before anything is stored.

Tidy files have one observation per row: columns ``area`` (or ``area_code``), ``indicator``,
``year``, ``value`` and optionally ``numerator`` and ``denominator``. Other columns are ignored
and listed in the result. A row with an empty value is a known missing value and is kept.

Wide files have one row per area: an ``area_code`` (or ``area``) column, one column per indicator
id holding the value, and optionally ``<id>_num`` and ``<id>_den`` with a share's numerator and
denominator. Descriptive columns (``area_name``, ``name``, ``district``, ``municipality``) are
ignored; any other column must be a known indicator. The year comes from the ``year`` argument or
a ``year`` column. An empty cell means "no observation" and is skipped.

Reading never stops at the first problem: every problem is collected as a
:class:`~kraftsamling.core.errors.Problem` (file, row, column, message) and raised together in
one :class:`~kraftsamling.core.errors.ImportFailed`. The checks, per value:

* the area code and the indicator must be known;
* numbers must parse (see :mod:`kraftsamling.stats.tables` for decimal commas), the year must be
  a whole number;
* a share lies within 0-100; a count, a numerator and a denominator are not negative;
* a numerator is not greater than its denominator, and one is not given without the other;
* numerator and denominator belong to shares only;
* a share's value agrees with 100 * numerator / denominator within 0.5 percentage points (a value
  published rounded to whole percent still passes); when the value is empty it is computed;
* an (area, indicator, year) key appears once; a repeat names the earlier row.

Pure module: no database or web imports.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kraftsamling.core.errors import ImportFailed, Problem
from kraftsamling.stats.kinds import IndicatorInfo, Kind, kind_of
from kraftsamling.stats.tables import (
    Cell,
    Progress,
    RawTable,
    as_text,
    cell_at,
    parse_number,
    parse_year,
    read_table,
)

TIDY_COLUMNS = {
    "area": ("area", "area_code"),
    "indicator": ("indicator", "indicator_id"),
    "year": ("year",),
    "value": ("value",),
    "numerator": ("numerator",),
    "denominator": ("denominator",),
}
TIDY_REQUIRED = ("area", "indicator", "year", "value")
WIDE_AREA_COLUMNS = ("area_code", "area")
WIDE_IGNORED = frozenset({"area_name", "name", "district", "municipality"})
SHARE_TOLERANCE = 0.5 + 1e-9  # percentage points; covers values published as whole percent
PROGRESS_EVERY = 5000


@dataclass(frozen=True)
class ObservationRecord:
    """One checked observation, with where it came from in the file."""

    area: str
    indicator: str
    year: int
    value: float | None
    numerator: float | None
    denominator: float | None
    row: int
    column: str


@dataclass
class ReadResult:
    """The checked observations of one file."""

    file: str
    records: list[ObservationRecord] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Columns:
    """Where a value and its counts sit in a row, and their names as written in the file."""

    value: int | None
    numerator: int | None
    denominator: int | None
    names: tuple[str, str, str]


class _Checker:
    """Collects problems and remembers keys already seen."""

    def __init__(
        self, file: str, areas: Collection[str], indicators: Mapping[str, IndicatorInfo]
    ) -> None:
        self.file = file
        self.areas = areas
        self.indicators = indicators
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str, int], int] = {}

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, message))

    def area(self, row: int, column: str, cell: Cell) -> str | None:
        code = as_text(cell)
        if not code:
            self.add(row, column, "the area code is empty")
            return None
        if code not in self.areas:
            self.add(row, column, f"unknown area code {code!r}; import the areas first")
            return None
        return code

    def indicator_message(self, name: str) -> str:
        known = sorted(self.indicators)
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        return f"unknown indicator {name!r}; known indicators: {shown or 'none imported yet'}"

    def key(self, row: int, column: str, key: tuple[str, str, int]) -> bool:
        earlier = self.seen.get(key)
        if earlier is not None:
            self.add(
                row,
                column,
                f"duplicate of row {earlier}: area {key[0]!r}, indicator {key[1]!r}, "
                f"year {key[2]} appears twice",
            )
            return False
        self.seen[key] = row
        return True

    def values(
        self, table: RawTable, row: int, cells: list[Cell], cols: _Columns, indicator: str
    ) -> tuple[float | None, float | None, float | None] | None:
        """Parse and check one value with its counts; ``None`` when a problem was found."""
        parsed: list[float | None] = []
        before = len(self.problems)
        for index, name in zip(
            (cols.value, cols.numerator, cols.denominator), cols.names, strict=True
        ):
            try:
                parsed.append(
                    parse_number(cell_at(cells, index), decimal_comma=table.decimal_comma)
                )
            except ValueError as exc:
                self.add(row, name, str(exc))
                parsed.append(None)
        if len(self.problems) > before or indicator not in self.indicators:
            return None  # an unknown indicator is reported by the caller; numbers still checked
        value, num, den = parsed
        info = self.indicators[indicator]
        kind = kind_of(info.is_share, info.unit)
        for message, column in _rule_breaks(kind, indicator, value, num, den, cols.names):
            self.add(row, column, message)
        if len(self.problems) > before:
            return None
        if kind is Kind.SHARE and value is None and num is not None and den:
            value = 100.0 * num / den
        return value, num, den


def _rule_breaks(
    kind: Kind,
    indicator: str,
    value: float | None,
    num: float | None,
    den: float | None,
    names: tuple[str, str, str],
) -> list[tuple[str, str]]:
    """The rules a value and its counts break, as (message, column) pairs."""
    value_col, num_col, den_col = names
    out: list[tuple[str, str]] = []
    if kind is Kind.SHARE and value is not None and not 0 <= value <= 100:
        out.append((f"share {_fmt(value)} is outside 0-100 (indicator {indicator!r})", value_col))
    if kind is Kind.COUNT and value is not None and value < 0:
        out.append((f"count {_fmt(value)} is negative; counts must be 0 or more", value_col))
    if kind is not Kind.SHARE and (num is not None or den is not None):
        column = num_col if num is not None else den_col
        out.append(
            (
                f"indicator {indicator!r} is not a share; leave numerator and denominator empty",
                column,
            )
        )
        return out
    for amount, column, label in ((num, num_col, "numerator"), (den, den_col, "denominator")):
        if amount is not None and amount < 0:
            out.append((f"{label} {_fmt(amount)} is negative; counts must be 0 or more", column))
    if (num is None) != (den is None):
        column = num_col if num is not None else den_col
        given = "numerator" if num is not None else "denominator"
        out.append((f"{given} given alone; give both numerator and denominator or neither", column))
    elif num is not None and den is not None and num >= 0 and den >= 0:
        if num > den:
            out.append((f"numerator {_fmt(num)} is greater than denominator {_fmt(den)}", num_col))
        elif den == 0 and value is not None:
            out.append(
                ("denominator is 0, so the share is undefined; leave the value empty", den_col)
            )
        elif den > 0 and value is not None and 0 <= value <= 100:
            expected = 100.0 * num / den
            if abs(value - expected) > SHARE_TOLERANCE:
                out.append(
                    (
                        f"value {_fmt(value)} does not match numerator/denominator "
                        f"{_fmt(num)}/{_fmt(den)} = {expected:.1f} %",
                        value_col,
                    )
                )
    return out


def _fmt(number: float) -> str:
    return str(int(number)) if number.is_integer() else repr(number)


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _header_problems(checker: _Checker, header: list[str]) -> None:
    if not header:
        checker.add(1, None, "the file is empty; expected a header row")
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        key = name.lower()
        if not name:
            checker.add(1, f"#{position}", "a column has no name")
        elif key in seen:
            checker.add(
                1, name, f"column {name!r} appears twice (columns {seen[key]} and {position})"
            )
        else:
            seen[key] = position


def _report(done: int, total: int, progress: Progress | None) -> None:
    if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
        progress(done, total)


def read_tidy(
    path: Path,
    *,
    areas: Collection[str],
    indicators: Mapping[str, IndicatorInfo],
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ReadResult:
    """Read and check a tidy observation file (one observation per row).

    Parameters
    ----------
    path
        A ``.csv`` or ``.xlsx`` file.
    areas
        Known area codes.
    indicators
        Known indicators by id (anything with ``is_share`` and ``unit``).
    sheet
        XLSX sheet name; the first sheet when omitted.
    progress
        Called with (rows done, rows in total) while reading.

    Raises
    ------
    ImportFailed
        With every problem found, when there is at least one.
    """
    table = read_table(path, sheet=sheet)
    checker = _Checker(table.file, areas, indicators)
    _header_problems(checker, table.header)
    where = {name: _find(table.header, aliases) for name, aliases in TIDY_COLUMNS.items()}
    missing = [name for name in TIDY_REQUIRED if where[name] is None]
    if missing:
        checker.add(
            1,
            ", ".join(missing),
            f"missing required column(s) {', '.join(missing)}; expected "
            "area, indicator, year, value[, numerator, denominator]; found "
            + (", ".join(table.header) or "nothing"),
        )
    if checker.problems:
        raise ImportFailed(checker.problems)

    def name(key: str) -> str:
        index = where[key]
        return table.header[index] if index is not None else key

    cols = _Columns(
        where["value"], where["numerator"], where["denominator"],
        (name("value"), name("numerator"), name("denominator")),
    )  # fmt: skip
    used = {i for i in where.values() if i is not None}
    result = ReadResult(table.file, ignored_columns=[
        h for i, h in enumerate(table.header) if i not in used
    ])  # fmt: skip
    for done, (row, cells) in enumerate(table.rows, start=1):
        _report(done, len(table.rows), progress)
        if len(cells) > len(table.header) and any(as_text(c) for c in cells[len(table.header) :]):
            checker.add(row, None, f"{len(cells)} cells but the header has {len(table.header)}")
            continue
        area = checker.area(row, name("area"), cell_at(cells, where["area"]))
        indicator = as_text(cell_at(cells, where["indicator"]))
        if indicator not in indicators:
            checker.add(row, name("indicator"), checker.indicator_message(indicator))
        try:
            year: int | None = parse_year(cell_at(cells, where["year"]))
        except ValueError as exc:
            checker.add(row, name("year"), str(exc))
            year = None
        values = checker.values(table, row, cells, cols, indicator)
        if area is None or year is None or values is None:
            continue
        if checker.key(row, name("area"), (area, indicator, year)):
            result.records.append(
                ObservationRecord(area, indicator, year, *values, row, name("value"))
            )
    if checker.problems:
        raise ImportFailed(checker.problems)
    return result


def read_wide(
    path: Path,
    *,
    areas: Collection[str],
    indicators: Mapping[str, IndicatorInfo],
    year: int | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ReadResult:
    """Read and check a wide observation file (one row per area, one column per indicator).

    Parameters
    ----------
    path
        A ``.csv`` or ``.xlsx`` file.
    areas
        Known area codes.
    indicators
        Known indicators by id (anything with ``is_share`` and ``unit``).
    year
        The year of every row; required unless the file has a ``year`` column. When both are
        given, each row's year must equal it.
    sheet
        XLSX sheet name; the first sheet when omitted.
    progress
        Called with (rows done, rows in total) while reading.

    Raises
    ------
    ImportFailed
        With every problem found, when there is at least one.
    """
    table = read_table(path, sheet=sheet)
    checker = _Checker(table.file, areas, indicators)
    _header_problems(checker, table.header)
    area_index = _find(table.header, WIDE_AREA_COLUMNS)
    year_index = _find(table.header, ("year",))
    if area_index is None:
        checker.add(
            1, "area_code",
            "missing required column area_code; expected area_code, then one column per "
            "indicator id (with optional <id>_num and <id>_den); found "
            + (", ".join(table.header) or "nothing"),
        )  # fmt: skip
    if year is None and year_index is None:
        checker.add(1, "year", "no year: give the year of the file or add a 'year' column")
    if area_index is None:
        raise ImportFailed(checker.problems)  # without area codes the other columns mean nothing
    columns, ignored = _wide_columns(checker, table.header, {area_index, year_index})
    if checker.problems:
        raise ImportFailed(checker.problems)
    area_name = table.header[area_index]
    result = ReadResult(table.file, ignored_columns=ignored)
    for done, (row, cells) in enumerate(table.rows, start=1):
        _report(done, len(table.rows), progress)
        area = checker.area(row, area_name, cell_at(cells, area_index))
        row_year = _wide_year(checker, row, cells, year_index, year, table)
        for indicator, cols in columns.items():
            present = [i for i in (cols.value, cols.numerator, cols.denominator) if i is not None]
            if all(as_text(cell_at(cells, i)) == "" for i in present):
                continue
            values = checker.values(table, row, cells, cols, indicator)
            if area is None or row_year is None or values is None:
                continue
            if checker.key(row, area_name, (area, indicator, row_year)):
                column = cols.names[0] if cols.value is not None else cols.names[1]
                result.records.append(
                    ObservationRecord(area, indicator, row_year, *values, row, column)
                )
    if checker.problems:
        raise ImportFailed(checker.problems)
    return result


def _wide_year(
    checker: _Checker, row: int, cells: list[Cell], index: int | None, year: int | None,
    table: RawTable,
) -> int | None:  # fmt: skip
    if index is None:
        return year
    column = table.header[index]
    try:
        found = parse_year(cell_at(cells, index))
    except ValueError as exc:
        checker.add(row, column, str(exc))
        return None
    if year is not None and found != year:
        checker.add(row, column, f"year {found} differs from the year given for the file, {year}")
        return None
    return found


def _wide_columns(
    checker: _Checker, header: list[str], skip: set[int | None]
) -> tuple[dict[str, _Columns], list[str]]:
    """Map each indicator to its value and count columns; report unknown columns."""
    known = {i.lower(): i for i in checker.indicators}
    found: dict[str, dict[str, int]] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        if index in skip or not name:
            continue
        key = name.lower()
        if key in WIDE_IGNORED:
            ignored.append(name)
            continue
        role, base = "value", key
        if key not in known and key[-4:] in ("_num", "_den") and key[:-4] in known:
            role, base = ("numerator" if key.endswith("_num") else "denominator"), key[:-4]
        if base not in known:
            checker.add(1, name, checker.indicator_message(name))
            continue
        indicator = known[base]
        if role != "value" and not checker.indicators[indicator].is_share:
            checker.add(1, name, f"column {name!r} holds counts but {indicator!r} is not a share")
            continue
        found.setdefault(indicator, {})[role] = index
    columns = {}
    for indicator, roles in found.items():
        names = tuple(
            header[roles[r]] if r in roles else f"{indicator}{suffix}"
            for r, suffix in (("value", ""), ("numerator", "_num"), ("denominator", "_den"))
        )
        columns[indicator] = _Columns(
            roles.get("value"), roles.get("numerator"), roles.get("denominator"),
            (names[0], names[1], names[2]),
        )  # fmt: skip
    return columns, ignored
