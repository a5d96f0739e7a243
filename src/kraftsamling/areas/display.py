"""Number formats the area and index-run templates share (Swedish style, en dash when missing)."""

from __future__ import annotations

from kraftsamling.core.formatting import format_number, format_percent


def fmt(value: float | None, unit: str, *, axis: bool = False) -> str:
    """A value in Swedish format by its unit; axis labels drop the decimals."""
    if value is None:
        return "–"
    if unit == "percent":
        return format_percent(value, 0 if axis else 1)
    return format_number(value, 0 if axis or unit == "count" else 1)


def num(value: float | None, decimals: int = 0) -> str:
    """A plain number with ``decimals`` decimals."""
    return format_number(value, decimals)


def rank(value: float | None) -> str:
    """A rank or class: whole numbers as such, interpolated quantiles with one decimal.

    >>> rank(3.0), rank(2.45), rank(23.049999), rank(None)
    ('3', '2,5', '23', '–')
    """
    if value is None:
        return "–"
    shown = round(float(value), 1)
    return format_number(shown, 0 if shown.is_integer() else 1)


def plain(value: float) -> str:
    """A weight as written in a spec, with a decimal comma: 1, 0,5, 0,25.

    >>> plain(2.0), plain(0.25)
    ('2', '0,25')
    """
    return f"{value:g}".replace(".", ",")


# The helpers a template gets in its context.
HELPERS = {"fmt": fmt, "num": num, "rank": rank, "plain": plain}
