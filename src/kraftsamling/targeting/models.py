"""Targeting tables: selection rounds, their areas, invited organisations and comments.

A selection round (urvalsomgång) snapshots one finished index run: every area of the run is
copied with its rank, interval and probability of being among the top k, so the round keeps
showing what it was decided on even if the run were ever recomputed. The rows flagged
``selected`` in the newest finalised round are the current target areas (målområden).
Revision ``0006_targeting`` creates exactly these tables.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
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
from kraftsamling.targeting.rules import RoundStatus, Stance

_STATUSES = ", ".join(f"'{s.value}'" for s in RoundStatus)
_STANCES = ", ".join(f"'{s.value}'" for s in Stance)


class SelectionRound(Base):
    """One round of choosing target areas from an index run, with its consultation."""

    __tablename__ = "selection_rounds"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        CheckConstraint("k >= 1", name="k"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    index_run_id: Mapped[int] = mapped_column(ForeignKey("index_runs.id"), index=True)
    k: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=RoundStatus.DRAFT.value)
    # Last day (inclusive, Swedish time) on which invited organisations may comment.
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    rationale: Mapped[str | None] = mapped_column(Text)
    decision_ref: Mapped[str | None] = mapped_column(String(300))
    # The decision record the round rests on (revision 0008 made one of every stored reference).
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    # 1, 2, 3, ... in the order rounds were finalised; unique, so two concurrent
    # finalisations cannot both become the same version.
    version: Mapped[int | None] = mapped_column(Integer, unique=True)
    proposed_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    proposed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    consultation_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    finalised_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    finalised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    cancelled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    proposer: Mapped[User] = relationship(foreign_keys=[proposed_by], lazy="joined")
    finaliser: Mapped[User | None] = relationship(foreign_keys=[finalised_by], lazy="joined")
    # Areas are stored in rank order when the round is created, so id order is rank order.
    areas: Mapped[list[RoundArea]] = relationship(back_populates="round", order_by="RoundArea.id")
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="round", order_by="Invitation.id"
    )
    comments: Mapped[list[Comment]] = relationship(back_populates="round", order_by="Comment.id")

    def __repr__(self) -> str:
        return f"SelectionRound(id={self.id}, status={self.status!r}, version={self.version})"


class RoundArea(Base):
    """One area of a round: a snapshot of its index result and whether it is chosen."""

    __tablename__ = "selection_round_areas"
    __table_args__ = (UniqueConstraint("round_id", "area_code", name="uq_selection_round_areas"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("selection_rounds.id"), index=True)
    area_code: Mapped[str] = mapped_column(String(64))
    area_name: Mapped[str] = mapped_column(String(200))
    rank: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    area_class: Mapped[int | None] = mapped_column(Integer)
    rank_p05: Mapped[float | None] = mapped_column(Float)
    rank_median: Mapped[float | None] = mapped_column(Float)
    rank_p95: Mapped[float | None] = mapped_column(Float)
    p_top_k: Mapped[float | None] = mapped_column(Float)
    # Proposed: among the run's top k when the round was created (never changes afterwards).
    proposed: Mapped[bool] = mapped_column(Boolean, default=False)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)

    round: Mapped[SelectionRound] = relationship(back_populates="areas")


class Invitation(Base):
    """An organisation invited to comment on a round's proposal."""

    __tablename__ = "selection_round_invitations"
    __table_args__ = (
        UniqueConstraint("round_id", "organisation_id", name="uq_selection_round_invitations"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("selection_rounds.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    invited_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    round: Mapped[SelectionRound] = relationship(back_populates="invitations")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Comment(Base):
    """An invited organisation's comment on a round, optionally about one area."""

    __tablename__ = "selection_round_comments"
    __table_args__ = (CheckConstraint(f"stance IN ({_STANCES})", name="stance"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("selection_rounds.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    stance: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    area_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    round: Mapped[SelectionRound] = relationship(back_populates="comments")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")
