"""Display formats: Swedish by default (``1 234 567 kr``, ``12,5 %``, ``2026-01-22``), English
on English pages (``1,234,567``, ``12.5 %``); times in the city's own time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

NBSP = "\u00a0"  # keeps "1 234" together on a line, as Swedish typography does
# Every municipality in Sweden keeps Swedish time; stored moments are UTC.
LOCAL_ZONE = ZoneInfo("Europe/Stockholm")


def format_number(value: float | int | None, decimals: int = 0, lang: str = "sv") -> str:
    """Swedish: a space as thousands separator and a decimal comma; English: ``1,234.5``.
    ``None`` -> en dash.

    >>> format_number(12345.678, 1), format_number(12345.678, 1, "en")
    ('12\xa0345,7', '12,345.7')
    """
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text if lang == "en" else text.replace(",", NBSP).replace(".", ",")


def format_sek(amount: float | int | None) -> str:
    """Whole kronor: ``1 234 567 kr``."""
    return "–" if amount is None else f"{format_number(round(amount))}{NBSP}kr"


def format_ore(ore: int | None) -> str:
    """An exact amount of money in öre as kronor: ``1 234 567 kr``, with öre only when the
    amount has them (``1 234 567,50 kr``) and a minus sign when it is negative. Money is never a
    float, so a float is refused rather than rounded.

    >>> format_ore(123456700), format_ore(123456750), format_ore(-5)
    ('1\xa0234\xa0567\xa0kr', '1\xa0234\xa0567,50\xa0kr', '−0,05\xa0kr')
    """
    if ore is None:
        return "–"
    if type(ore) is not int:
        raise TypeError(
            f"format_ore takes whole öre as an int; got {ore!r} ({type(ore).__name__})."
        )
    whole, rest = divmod(abs(ore), 100)
    sign = "−" if ore < 0 else ""  # U+2212, the typographic minus
    text = f"{sign}{format_number(whole)}"
    return f"{text},{rest:02d}{NBSP}kr" if rest else f"{text}{NBSP}kr"


def format_percent(value: float | None, decimals: int = 1, lang: str = "sv") -> str:
    """A share already in percent: ``12,5 %`` (``12.5 %`` in English)."""
    return "–" if value is None else f"{format_number(value, decimals, lang)}{NBSP}%"


def format_date(value: dt.date | None) -> str:
    return "–" if value is None else value.isoformat()


def format_local_time(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """A stored moment as Swedish local date and time, ``2026-02-02 10:00``; a naive value is
    taken to be UTC (SQLite returns stored moments without their zone).

    >>> format_local_time(dt.datetime(2026, 7, 1, 8, 30, 15))
    '2026-07-01 10:30'
    """
    if value is None:
        return "–"
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(LOCAL_ZONE).strftime(
        "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    )


def shortened(text: str, limit: int = 40) -> str:
    """``text`` as a message may repeat it: stripped, and a pasted page cut short.

    >>> shortened("  7 "), shortened("x" * 50)[-3:]
    ('7', 'xx…')
    """
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
