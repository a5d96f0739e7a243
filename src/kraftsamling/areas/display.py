"""Number formats the area and index-run templates share (en dash when missing).

Swedish by default; in templates (``HELPERS``) each follows the page's language.
"""

from __future__ import annotations

from kraftsamling.core.formatting import format_number, format_percent
from kraftsamling.web.templating import in_page_language


def fmt(value: float | None, unit: str, *, axis: bool = False, lang: str = "sv") -> str:
    """A value formatted by its unit; axis labels drop the decimals."""
    if value is None:
        return "–"
    if unit == "percent":
        return format_percent(value, 0 if axis else 1, lang)
    return format_number(value, 0 if axis or unit == "count" else 1, lang)


def num(value: float | None, decimals: int = 0, *, lang: str = "sv") -> str:
    """A plain number with ``decimals`` decimals."""
    return format_number(value, decimals, lang)


def rank(value: float | None, *, lang: str = "sv") -> str:
    """A rank or class: whole numbers as such, interpolated quantiles with one decimal.

    >>> rank(3.0), rank(2.45), rank(23.049999), rank(None), rank(2.45, lang="en")
    ('3', '2,5', '23', '–', '2.5')
    """
    if value is None:
        return "–"
    shown = round(float(value), 1)
    return format_number(shown, 0 if shown.is_integer() else 1, lang)


def plain(value: float, *, lang: str = "sv") -> str:
    """A weight as written in a spec: 1, 0,5, 0,25 (0.5 and 0.25 in English).

    >>> plain(2.0), plain(0.25), plain(0.25, lang="en")
    ('2', '0,25', '0.25')
    """
    text = f"{value:g}"
    return text if lang == "en" else text.replace(".", ",")


# The helpers a template gets in its context.
HELPERS = {f.__name__: in_page_language(f) for f in (fmt, num, rank, plain)}
