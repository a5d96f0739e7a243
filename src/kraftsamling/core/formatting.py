"""Swedish display formats: ``1 234 567 kr``, ``12,5 %``, ``2026-01-22``."""

from __future__ import annotations

import datetime as dt

NBSP = "\u00a0"  # keeps "1 234" together on a line, as Swedish typography does


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """Format with a space as thousands separator and a decimal comma; ``None`` -> en dash."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def format_sek(amount: float | int | None) -> str:
    """Whole kronor: ``1 234 567 kr``."""
    return "–" if amount is None else f"{format_number(round(amount))}{NBSP}kr"


def format_percent(value: float | None, decimals: int = 1) -> str:
    """A share already in percent: ``12,5 %``."""
    return "–" if value is None else f"{format_number(value, decimals)}{NBSP}%"


def format_date(value: dt.date | None) -> str:
    return "–" if value is None else value.isoformat()
