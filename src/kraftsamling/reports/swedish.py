"""Small rules of written Swedish that generated papers need.

>>> listing(("Holma", "Kroksbäck", "Lindängen")), in_sentence("Kommunstyrelsen")
('Holma, Kroksbäck och Lindängen', 'kommunstyrelsen')
>>> in_sentence("KSAU"), genitive("Stadskontoret"), genitive("Malmö stads")
('KSAU', 'Stadskontorets', 'Malmö stads')
"""

from __future__ import annotations

from collections.abc import Sequence


def listing(items: Sequence[str]) -> str:
    """``a, b och c``; an empty sequence gives an empty string."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} och {items[-1]}"


def in_sentence(body: str) -> str:
    """A body's name inside a sentence, where Swedish writes it as the common noun it is
    (``kommunstyrelsen``, ``fritidsnämnden``); an abbreviation (``KSAU``, ``MKB``) stays."""
    first = body.split(" ")[0]
    return body[:1].lower() + body[1:] if first[1:] == first[1:].lower() else body


def genitive(name: str) -> str:
    """``Stadskontoret`` -> ``Stadskontorets``; a name ending in s, x or z takes no -s."""
    return name if name[-1:].lower() in "sxz" else f"{name}s"
