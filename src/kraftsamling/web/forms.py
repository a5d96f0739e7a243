"""Reading what people type into form fields: whole numbers and dates, strictly.

Only the ASCII digits 0-9: ``int()`` and ``date.fromisoformat()`` also take other scripts'
digits, ``1_0``, week dates (``2026-W50-1``) and basic dates (``20261220``), none of which a
form should send. Errors carry a catalogue key, so a page can say what is wrong in the reader's
language; the value is repeated cut short (:func:`kraftsamling.core.formatting.shortened`).
"""

from __future__ import annotations

import datetime as dt
import re

from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.formatting import shortened
from kraftsamling.web.deps import MAX_RECORD_ID

_DIGITS = re.compile(r"[0-9]{1,10}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def whole(
    name: str, text: str, *, key: str, low: int = 1, high: int = MAX_RECORD_ID, **params: object
) -> int:
    """A whole number from ``low`` to ``high`` typed with the digits 0-9.

    ``InvalidInput`` names the field and carries ``key``, a text with a ``{value}`` placeholder
    (and ``params``'s).

    >>> whole("seed", " 7 ", low=0, high=9, key="k")
    7
    >>> whole("seed", "-1", low=0, high=9, key="k")
    Traceback (most recent call last):
    ...
    kraftsamling.core.errors.InvalidInput: seed must be a whole number from 0 to 9; got '-1'.
    """
    cleaned = text.strip()
    if _DIGITS.fullmatch(cleaned) and low <= int(cleaned) <= high:
        return int(cleaned)
    raise InvalidInput(
        f"{name} must be a whole number from {low} to {high}; got {shortened(text)!r}.",
        key=key, value=shortened(text), **params,
    )  # fmt: skip


def iso_date(name: str, text: str, *, key: str) -> dt.date:
    """A date typed as ``YYYY-MM-DD`` (what a date field sends), and no other ISO form.

    >>> iso_date("deadline", "2026-12-20", key="k")
    datetime.date(2026, 12, 20)
    """
    cleaned = text.strip()
    if _ISO_DATE.fullmatch(cleaned):
        try:
            return dt.date.fromisoformat(cleaned)
        except ValueError:
            pass  # 2026-02-30: the shape is right, the day does not exist
    raise InvalidInput(
        f"{name} must be a date written YYYY-MM-DD; got {shortened(text)!r}.",
        key=key, value=shortened(text),
    )  # fmt: skip
