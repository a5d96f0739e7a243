"""Ledger arithmetic of a budget frame and its call-offs, pure and in integer öre.

A frame's money is *committed* by grants and freed by returns::

    remaining = amount - (granted - returned)

``returned`` is money that flows back to the frame: paid money paid back (a refund) and the
unpaid part of a grant released when its call-off is closed. The invariants, checked here
before a write and again by CHECK constraints in the database:

* granted - returned <= amount          (the frame is never overspent)
* paid <= granted, per call-off and per frame
* refunded <= paid and released <= granted - paid, per call-off
"""

from __future__ import annotations

from dataclasses import dataclass

from kraftsamling.core.errors import BudgetExceeded, InvalidInput
from kraftsamling.funds.money import kronor


@dataclass(frozen=True)
class FrameFigures:
    """The live figures of one budget frame (all öre)."""

    amount: int
    requested: int  # asked for by call-offs not yet decided
    recommended: int  # recommended by assessments not yet decided
    granted: int
    paid: int
    returned: int

    @property
    def committed(self) -> int:
        return self.granted - self.returned

    @property
    def remaining(self) -> int:
        return self.amount - self.committed


def check_grant(amount: int, *, remaining: int, year: int) -> None:
    """Refuse a grant of ``amount`` öre when less than that is left of the frame."""
    if amount > remaining:
        raise BudgetExceeded(
            f"Granting {kronor(amount)} would exceed the {year} frame: "
            f"{kronor(remaining)} remains.",
            key="funds.error.frame_exceeded",
            amount=kronor(amount),
            remaining=kronor(remaining),
            year=year,
        )


def check_payment(amount: int, *, granted: int, paid: int, released: int) -> None:
    """Refuse a payment beyond what is granted and not yet paid or released."""
    left = granted - paid - released
    if amount > left:
        raise BudgetExceeded(
            f"A payment of {kronor(amount)} exceeds what is granted and unpaid: {kronor(left)}.",
            key="funds.error.payment_exceeded",
            amount=kronor(amount),
            left=kronor(left),
        )


def check_refund(amount: int, *, paid: int, refunded: int) -> None:
    """Refuse a refund of more than was paid out and not yet paid back."""
    left = paid - refunded
    if amount > left:
        raise InvalidInput(
            f"A refund of {kronor(amount)} exceeds what was paid and not yet paid back: "
            f"{kronor(left)}.",
            key="funds.error.refund_exceeded",
            amount=kronor(amount),
            left=kronor(left),
        )


def check_frame_amount(amount: int, *, committed: int, year: int) -> None:
    """Refuse a frame smaller than what its grants already commit."""
    if amount < committed:
        raise BudgetExceeded(
            f"The {year} frame cannot be set to {kronor(amount)}: grants already commit "
            f"{kronor(committed)}.",
            key="funds.error.frame_below_committed",
            amount=kronor(amount),
            committed=kronor(committed),
            year=year,
        )


def release_on_close(*, granted: int, paid: int, released: int) -> int:
    """The unpaid part of a grant that flows back to the frame when its call-off closes."""
    return granted - paid - released


def recommended_amount(kind: str, *, requested: int, partial: int | None) -> int:
    """The amount a recommendation of ``kind`` (``full``, ``partial``, ``none``) stands for."""
    if kind == "full":
        return requested
    if kind == "none":
        return 0
    if partial is None or not 0 < partial < requested:
        raise InvalidInput(
            f"A recommendation in part needs an amount above 0 and below the requested "
            f"{kronor(requested)}; got {kronor(partial) if partial is not None else 'none'}.",
            key="funds.error.partial",
            requested=kronor(requested),
        )
    return partial
