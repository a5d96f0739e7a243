"""Delegation rules (delegationsordning): which body decides a call-off of a given amount.

A fund's rules are a ladder of limits, for example the city director by delegation up to
300 000 kr, the executive committee (KSAU) up to 1 000 000 kr, the executive board (KS) above.
A call-off goes to the lowest rung whose limit covers its amount. Pure: no storage, no web.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kraftsamling.core.errors import InvalidInput
from kraftsamling.funds.money import kronor


@dataclass(frozen=True)
class Rung:
    body: str  # a decision body code: "city_director", "KSAU", "KS", ...
    limit: int | None  # öre, inclusive; None = no upper limit
    delegated: bool  # a decision by delegation, to be reported to the board


def check_ladder(rungs: Sequence[Rung]) -> list[Rung]:
    """The rungs in order of limit; refuses an empty ladder, repeated or non-rising limits, and
    a ladder whose last rung has a limit (some body must be able to decide any amount)."""
    if not rungs:
        raise InvalidInput("A fund needs at least one delegation rule.", key="funds.error.ladder")
    ordered = sorted(rungs, key=lambda r: (r.limit is None, r.limit or 0))
    limits = [r.limit for r in ordered if r.limit is not None]
    if len(set(limits)) != len(limits) or any(limit <= 0 for limit in limits):
        raise InvalidInput(
            "Delegation limits must be positive and different from each other.",
            key="funds.error.ladder",
        )
    if ordered[-1].limit is not None:
        raise InvalidInput(
            "The last delegation rule must have no upper limit: some body decides any amount.",
            key="funds.error.ladder",
        )
    return ordered


def required_rung(rungs: Sequence[Rung], amount: int) -> Rung:
    """The rung that must decide ``amount`` öre: the lowest whose limit covers it.

    >>> ladder = [Rung("city_director", 30_000_000, True), Rung("KS", None, False)]
    >>> required_rung(ladder, 30_000_000).body, required_rung(ladder, 30_000_001).body
    ('city_director', 'KS')
    """
    for rung in check_ladder(rungs):
        if rung.limit is None or amount <= rung.limit:
            return rung
    raise AssertionError("check_ladder guarantees an unlimited last rung")


def check_body(rungs: Sequence[Rung], amount: int, body: str) -> Rung:
    """Refuse a decision on ``amount`` by any body other than the one the rules require."""
    rung = required_rung(rungs, amount)
    if rung.body != body:
        raise InvalidInput(
            f"A decision on {kronor(amount)} must be taken by {rung.body!r} under the "
            f"delegation rules; got {body!r}.",
            key="funds.error.wrong_body",
            amount=kronor(amount),
            body=rung.body,
            given=body,
        )
    return rung
