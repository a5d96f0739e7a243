"""Decision-register tables: case-number series and decision records with their statements.

A decision record is what a body decided (or an officer by delegation), at which meeting, under
which paragraph and case number, with the reservations and special statements attached to it
and the minutes as an attachment. Revision ``0008_decisions_funds`` creates these tables.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kraftsamling.core.audit import UTCDateTime
from kraftsamling.core.db import Base

# The minutes' table: the mapper resolves ``decisions.minutes_id`` when it first writes a
# decision, and a served app that never imported it failed every decision with a 500.
from kraftsamling.core.files import Attachment  # noqa: F401
from kraftsamling.decisions.rules import BodyKind

_KINDS = ", ".join(f"'{k.value}'" for k in BodyKind)


class CaseSeries(Base):
    """The next serial of one office's case numbers in one year; drawn under a row lock."""

    __tablename__ = "case_series"
    __table_args__ = (CheckConstraint("last_serial >= 0", name="last_serial"),)

    prefix: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class Decision(Base):
    """One decision: who, when, under which paragraph and case number, and what."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(f"body_kind IN ({_KINDS})", name="body_kind"),
        # One paragraph of one body's meeting is one decision.
        UniqueConstraint("body", "meeting_date", "paragraph", name="uq_decisions_paragraph"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(String(200))  # "Kommunstyrelsen", "Stadsdirektören"
    meeting_date: Mapped[dt.date] = mapped_column(Date, index=True)
    paragraph: Mapped[str | None] = mapped_column(String(12))
    case_number: Mapped[str | None] = mapped_column(String(24), index=True)
    heading: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    # A record whose paragraph or text was made up for the demo, and says so on every page.
    invented: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    minutes_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    statements: Mapped[list[Statement]] = relationship(
        back_populates="decision", order_by="Statement.id", cascade="all, delete-orphan"
    )

    @property
    def reference(self) -> str:
        """How the decision is cited: ``Kommunstyrelsen 2026-01-22 § 12, STK-2024-1374``."""
        parts = [f"{self.body} {self.meeting_date.isoformat()}"]
        if self.paragraph:
            parts[0] += f" {self.paragraph}"
        if self.case_number:
            parts.append(self.case_number)
        return ", ".join(parts)


class Statement(Base):
    """A reservation (dissent) or a special statement attached to a decision, with its parties."""

    __tablename__ = "decision_statements"
    __table_args__ = (CheckConstraint("kind IN ('reservation', 'special')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    parties: Mapped[str] = mapped_column(String(200))  # "(M), (L)"
    text: Mapped[str] = mapped_column(Text, default="")

    decision: Mapped[Decision] = relationship(back_populates="statements")
