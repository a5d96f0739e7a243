"""Reading the fund: live frame figures, lists of call-offs, the administrative burden, the
distribution over target areas, and what the public may see."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kraftsamling.funds import eligibility
from kraftsamling.funds.ledger import FrameFigures
from kraftsamling.funds.models import BudgetFrame, CallOff, Fund
from kraftsamling.funds.workflow import HOLDS_GRANT, PENDING, Status
from kraftsamling.stats.models import Area, Indicator


def list_funds(session: Session) -> list[Fund]:
    return list(session.scalars(select(Fund).order_by(Fund.id)))


def figures(session: Session, frame: BudgetFrame) -> FrameFigures:
    """The frame's live figures: the ledger's totals and the sums of undecided call-offs."""
    pending = [s.value for s in PENDING]
    requested = session.scalar(
        select(func.coalesce(func.sum(CallOff.amount), 0)).where(
            CallOff.frame_id == frame.id, CallOff.status.in_(pending)
        )
    )
    recommended = session.scalar(
        select(func.coalesce(func.sum(CallOff.recommended), 0)).where(
            CallOff.frame_id == frame.id, CallOff.status == Status.ASSESSED.value
        )
    )
    return FrameFigures(
        amount=frame.amount,
        requested=int(requested or 0),
        recommended=int(recommended or 0),
        granted=frame.granted,
        paid=frame.paid,
        returned=frame.returned,
    )


def call_offs(
    session: Session,
    *,
    frame_id: int | None = None,
    organisation_id: int | None = None,
    statuses: list[Status] | None = None,
) -> list[CallOff]:
    query = select(CallOff).order_by(CallOff.id.desc())
    if frame_id is not None:
        query = query.where(CallOff.frame_id == frame_id)
    if organisation_id is not None:
        query = query.where(CallOff.organisation_id == organisation_id)
    if statuses:
        query = query.where(CallOff.status.in_([s.value for s in statuses]))
    return list(session.scalars(query).unique())


def visible_call_offs(
    session: Session,
    *,
    role: str,
    organisation_id: int,
    limit: int | None = None,
    offset: int = 0,
) -> list[CallOff]:
    """The call-offs a user's list shows (:func:`readable`, in SQL), newest first."""
    query = select(CallOff).order_by(CallOff.id.desc())
    own = CallOff.organisation_id == organisation_id
    if role == "officer":
        query = query.where(own)
    elif role != "admin":
        query = query.where(or_(own, CallOff.status != Status.DRAFT.value))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return list(session.scalars(query).unique())


def eligibility_context(session: Session, frame: BudgetFrame) -> eligibility.Context:
    """What :func:`kraftsamling.funds.eligibility.check` needs to know about the world now."""
    from kraftsamling.targeting.queries import current_targets  # targeting sits beside funds

    current = current_targets(session)
    targets = {a.code for a in current.areas} if current else set()
    return eligibility.Context(
        remaining=frame.amount - frame.granted + frame.returned,
        year=frame.year,
        light_limit=frame.fund.light_limit,
        target_areas=targets,
        known_areas=set(session.scalars(select(Area.code))),
        known_indicators=set(session.scalars(select(Indicator.id))),
    )


@dataclass(frozen=True)
class Burden:
    """How much the fund costs the people who use it (the city office's own worry)."""

    submitted: int
    median_days_to_decision: float | None
    median_days_to_payment: float | None
    share_returned: float | None  # of submitted call-offs, returned for completion at least once
    median_fields: float | None  # form fields an officer filled in, per submitted call-off


def _days(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 86400


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def burden(session: Session, frame_id: int) -> Burden:
    # Only the five columns it needs: the fund page asks for this on every view.
    sent = session.execute(
        select(
            CallOff.submitted_at,
            CallOff.decided_at,
            CallOff.first_paid_at,
            CallOff.times_returned,
            CallOff.fields_filled,
        ).where(CallOff.frame_id == frame_id, CallOff.submitted_at.is_not(None))
    ).all()
    return Burden(
        submitted=len(sent),
        median_days_to_decision=_median([_days(r.submitted_at, r.decided_at) for r in sent]),
        median_days_to_payment=_median([_days(r.decided_at, r.first_paid_at) for r in sent]),
        share_returned=(sum(r.times_returned > 0 for r in sent) / len(sent)) if sent else None,
        median_fields=_median([float(r.fields_filled) for r in sent]),
    )


def granted(session: Session, *, frame_id: int | None = None) -> list[CallOff]:
    """Call-offs holding a grant, newest decision first: what public pages list."""
    rows = call_offs(session, frame_id=frame_id, statuses=sorted(HOLDS_GRANT))
    return sorted(
        rows, key=lambda c: c.decided_at or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True
    )


def readable(call_off: CallOff, *, role: str, organisation_id: int) -> bool:
    """An officer reads their own organisation's call-offs; the city office, admins and viewers
    read every call-off once it is submitted. A draft is its own organisation's (and admins')."""
    own = call_off.organisation_id == organisation_id
    if role == "officer" or call_off.status == Status.DRAFT.value:
        return own or role == "admin"
    return True
