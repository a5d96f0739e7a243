"""Money as integer öre: read from what people type, checked, never a float.

A form field takes kronor the way Swedes write them: ``300 000``, ``300000``, ``1 234,50`` or
``1234.50`` (a decimal point too, for pasted figures). Anything else is refused with a message
that names the field and repeats what was typed.

>>> parse_kronor("amount", "1 234,50")
123450
>>> parse_kronor("amount", "300 000")
30000000
"""

from __future__ import annotations

import re

from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.formatting import format_ore, shortened

ORE_PER_KRONA = 100
# No call-off, frame or payment of a municipality's fund comes near a billion kronor; a larger
# figure is a typing error (and would not fit the 64-bit columns' comfortable range anyway).
MAX_ORE = 1_000_000_000 * ORE_PER_KRONA
# Digits in groups of three separated by spaces (also no-break or thin spaces), or plain digits,
# then optionally a decimal comma or point and one or two öre digits.
_KRONOR = re.compile(r"([0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:[,.]([0-9]{1,2}))?")


def parse_kronor(name: str, text: str, *, allow_zero: bool = False) -> int:
    """The amount typed in ``text`` (kronor) as öre; raises ``InvalidInput`` with key
    ``funds.error.amount`` naming ``name`` when it is not a positive amount with at most two
    decimals, or is above :data:`MAX_ORE`."""
    cleaned = text.strip().removesuffix("kr").strip()
    match = _KRONOR.fullmatch(cleaned)
    if match:
        whole = int(re.sub(r"\D", "", match.group(1)))
        ore = whole * ORE_PER_KRONA + int((match.group(2) or "0").ljust(2, "0"))
        if (ore > 0 or allow_zero) and ore <= MAX_ORE:
            return ore
    raise InvalidInput(
        f"{name} must be an amount in kronor above zero and at most "
        f"{MAX_ORE // ORE_PER_KRONA:,} kr, with at most two decimals (öre); "
        f"got {shortened(text)!r}.",
        key="funds.error.amount",
        field=name,
        value=shortened(text),
    )


def check_ore(name: str, ore: int, *, allow_zero: bool = False) -> int:
    """``ore`` itself when it is a whole, positive (or zero when allowed) amount within bounds.

    The API takes öre as JSON integers; ``bool`` (a subclass of ``int``) and floats are refused.
    """
    low = 0 if allow_zero else 1
    if type(ore) is int and low <= ore <= MAX_ORE:
        return ore
    raise InvalidInput(
        f"{name} must be a whole number of öre from {low} to {MAX_ORE}; got {ore!r}.",
        key="funds.error.amount",
        field=name,
        value=shortened(str(ore)),
    )


def kronor(ore: int) -> str:
    """``ore`` as Swedish kronor for messages: ``1 234 567 kr`` or ``1 234,50 kr``."""
    return format_ore(ore)
