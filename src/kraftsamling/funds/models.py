"""Fund tables: funds, their yearly budget frames, delegation rules, call-offs and payments.

Money columns are integer öre (BigInteger). The ledger's invariants are CHECK constraints, so
even a write that skipped the service's row lock cannot overspend a frame:
``granted - returned <= amount`` and ``paid <= granted`` on the frame, and per call-off
``paid <= granted``, ``refunded <= paid``, ``released <= granted - paid``. The frame's totals
are kept in its row, which every money-writing transaction locks first (see
:func:`kraftsamling.funds.service.lock_frame`). Revision ``0008_decisions_funds`` creates
these tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kraftsamling.accounts.models import Organisation, User
from kraftsamling.core.audit import UTCDateTime
from kraftsamling.core.db import Base
from kraftsamling.decisions.models import Decision
from kraftsamling.funds.workflow import Status

_STATUSES = ", ".join(f"'{s.value}'" for s in Status)
DEFAULT_LIGHT_LIMIT = 100_000_00  # öre: call-offs up to 100 000 kr take the light path


class Fund(Base):
    """A pot of money with its own rules, e.g. the executive board's contingency fund."""

    __tablename__ = "funds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    case_prefix: Mapped[str] = mapped_column(String(10), default="STK")
    light_limit: Mapped[int] = mapped_column(BigInteger, default=DEFAULT_LIGHT_LIMIT)
    # Prefix of the grants' ids in the 360Giving open data (an org-id.guide identifier).
    grant_id_prefix: Mapped[str] = mapped_column(String(60), default="360G-kraftsamling")
    # Need by a declared formula: the young residents counted by this indicator times the
    # area's index percentile in the reference run (see funds.distribution).
    need_indicator: Mapped[str] = mapped_column(String(64), default="population_0_19")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    owner: Mapped[Organisation] = relationship(lazy="joined")
    frames: Mapped[list[BudgetFrame]] = relationship(
        back_populates="fund", order_by="BudgetFrame.year"
    )
    rules: Mapped[list[DelegationRule]] = relationship(
        back_populates="fund", order_by="DelegationRule.id"
    )


class BudgetFrame(Base):
    """One year's money of a fund, set by a decision, with the ledger's running totals."""

    __tablename__ = "budget_frames"
    __table_args__ = (
        UniqueConstraint("fund_id", "year", name="uq_budget_frames_year"),
        CheckConstraint("amount >= 0", name="amount"),
        CheckConstraint("granted >= 0 AND paid >= 0 AND returned >= 0", name="non_negative"),
        CheckConstraint("granted - returned <= amount", name="no_overspend"),
        CheckConstraint("paid <= granted", name="paid_within_granted"),
        CheckConstraint("returned <= granted", name="returned_within_granted"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("funds.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    granted: Mapped[int] = mapped_column(BigInteger, default=0)
    paid: Mapped[int] = mapped_column(BigInteger, default=0)
    returned: Mapped[int] = mapped_column(BigInteger, default=0)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))

    fund: Mapped[Fund] = relationship(back_populates="frames", lazy="joined")
    decision: Mapped[Decision] = relationship(lazy="joined")


class DelegationRule(Base):
    """One rung of a fund's delegation ladder: which body decides up to which amount."""

    __tablename__ = "delegation_rules"
    __table_args__ = (CheckConstraint("max_amount IS NULL OR max_amount > 0", name="max_amount"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("funds.id"), index=True)
    body: Mapped[str] = mapped_column(String(40))  # "city_director", "KSAU", "KS"
    body_name: Mapped[str] = mapped_column(String(200))  # "Stadsdirektören (delegation)"
    max_amount: Mapped[int | None] = mapped_column(BigInteger)
    delegated: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))

    fund: Mapped[Fund] = relationship(back_populates="rules")


class CallOff(Base):
    """A committee's or company's call-off (avrop) of money for one initiative in one year."""

    __tablename__ = "call_offs"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        CheckConstraint("amount IS NULL OR amount > 0", name="amount"),
        CheckConstraint(
            "granted >= 0 AND paid >= 0 AND refunded >= 0 AND released >= 0", name="non_negative"
        ),
        CheckConstraint("paid <= granted", name="paid_within_granted"),
        CheckConstraint("refunded <= paid", name="refunded_within_paid"),
        CheckConstraint("released <= granted - paid", name="released_within_unpaid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    frame_id: Mapped[int] = mapped_column(ForeignKey("budget_frames.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(12), default=Status.DRAFT.value, index=True)
    # Bumped by every change: a form carries the version it was shown, so a stale or repeated
    # submission is refused instead of taking effect twice. The mapper also puts the version
    # read into every UPDATE's WHERE, so of two concurrent changes to one call-off only the
    # first can commit (the other fails as stale, whatever the version the form carried).
    version: Mapped[int] = mapped_column(Integer, default=1)
    case_number: Mapped[str | None] = mapped_column(String(24), unique=True)
    # What the officer filled in (see funds.eligibility.Content), as JSON.
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    title: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[int | None] = mapped_column(BigInteger)  # requested, öre
    fields_filled: Mapped[int] = mapped_column(Integer, default=0)
    times_returned: Mapped[int] = mapped_column(Integer, default=0)
    return_message: Mapped[str | None] = mapped_column(Text)
    recommendation: Mapped[str | None] = mapped_column(String(8))  # full, partial, none
    recommended: Mapped[int | None] = mapped_column(BigInteger)
    assessment: Mapped[str | None] = mapped_column(Text)  # internal: never on public pages
    assessed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_body: Mapped[str | None] = mapped_column(String(40))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True)
    granted: Mapped[int] = mapped_column(BigInteger, default=0)
    paid: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded: Mapped[int] = mapped_column(BigInteger, default=0)
    released: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    first_paid_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    frame: Mapped[BudgetFrame] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    creator: Mapped[User] = relationship(foreign_keys=[created_by], lazy="joined")
    decision: Mapped[Decision | None] = relationship(lazy="joined")
    payments: Mapped[list[Payment]] = relationship(back_populates="call_off", order_by="Payment.id")

    __mapper_args__ = {  # noqa: RUF012 (SQLAlchemy reads it once, at mapping)
        "version_id_col": version,
        "version_id_generator": False,
    }

    @property
    def status_enum(self) -> Status:
        return Status(self.status)


class Payment(Base):
    """Money moved for a call-off: a payment out (positive kind 'payment') or a refund back."""

    __tablename__ = "fund_payments"
    __table_args__ = (
        CheckConstraint("kind IN ('payment', 'refund')", name="kind"),
        CheckConstraint("amount > 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_off_id: Mapped[int] = mapped_column(ForeignKey("call_offs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    amount: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")  # voucher number
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    call_off: Mapped[CallOff] = relationship(back_populates="payments")
