"""Use cases of the decision register: draw case numbers, record and read decisions.

Each function takes the caller's session and does its part of one unit of work; the caller
commits. A case number is drawn with one ``UPDATE ... RETURNING`` on the series' row, which
takes the row's lock (PostgreSQL) or the database's write lock (SQLite), so two concurrent
submissions can never draw the same serial, and a rolled-back draw is drawn again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User, actor_of
from kraftsamling.core import audit
from kraftsamling.core.errors import InvalidInput, NotFound
from kraftsamling.decisions import rules
from kraftsamling.decisions.models import CaseSeries, Decision, Statement
from kraftsamling.decisions.rules import BodyKind

Clock = Callable[[], dt.datetime]
OBJECT_TYPE = "decision"


def next_case_number(session: Session, *, prefix: str, year: int) -> str:
    """Draw the next case number of ``prefix``'s series for ``year`` (``STK-2026-0001`` first)."""
    prefix = rules.check_prefix(prefix)
    bump = (
        update(CaseSeries)
        .where(CaseSeries.prefix == prefix, CaseSeries.year == year)
        .values(last_serial=CaseSeries.last_serial + 1)
        .returning(CaseSeries.last_serial)
    )
    serial = session.execute(bump).scalar_one_or_none()
    if serial is None:  # the series' first number this year: create it, then draw again
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(
            insert(CaseSeries)
            .values(prefix=prefix, year=year, last_serial=0)
            .on_conflict_do_nothing(index_elements=["prefix", "year"])
        )
        serial = session.execute(bump).scalar_one()
    return rules.format_case_number(prefix, year, serial)


@dataclass(frozen=True)
class StatementIn:
    kind: str  # "reservation" or "special"
    parties: str
    text: str = ""


@dataclass(frozen=True)
class DecisionIn:
    """A decision as it is registered: the body, the meeting and what was decided."""

    body_kind: BodyKind
    body: str
    meeting_date: dt.date
    heading: str
    paragraph: str | None = None
    case_number: str | None = None
    text: str = ""
    public: bool = True
    invented: bool = False
    statements: Sequence[StatementIn] = ()


def get_decision(session: Session, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFound(
            f"No decision with id {decision_id}.",
            key="decisions.error.missing",
            decision_id=decision_id,
        )
    return decision


def find_decision(
    session: Session, body: str, meeting_date: dt.date, paragraph: str
) -> Decision | None:
    """The decision already registered for one paragraph of one body's meeting, if any."""
    return session.scalar(
        select(Decision).where(
            Decision.body == body,
            Decision.meeting_date == meeting_date,
            Decision.paragraph == paragraph,
        )
    )


def record_decision(
    session: Session,
    data: DecisionIn,
    *,
    user: User | None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> Decision:
    """Register a decision (audited). A paragraph already registered for the same body and
    meeting is that decision: it is returned as it is, so one board decision can cover a whole
    list of call-offs."""
    paragraph = rules.check_paragraph(data.paragraph)
    body = " ".join(data.body.split())[:200]
    if paragraph is not None:
        existing = find_decision(session, body, data.meeting_date, paragraph)
        if existing is not None:
            return existing
    case = None
    if data.case_number:
        prefix, year, serial = rules.parse_case_number(data.case_number)
        case = rules.format_case_number(prefix, year, serial)
    for s in data.statements:
        if s.kind not in ("reservation", "special") or not s.parties.strip():
            raise InvalidInput(
                "A statement is a 'reservation' or a 'special' statement and names its parties.",
                key="decisions.error.statement",
            )
    decision = Decision(
        body_kind=data.body_kind.value,
        body=body,
        meeting_date=data.meeting_date,
        paragraph=paragraph,
        case_number=case,
        heading=rules.check_heading(data.heading),
        text=data.text.strip()[: rules.MAX_TEXT],
        public=data.public,
        invented=data.invented,
        created_by=user.id if user else None,
        created_at=clock(),
        statements=[
            Statement(kind=s.kind, parties=s.parties.strip()[:200], text=s.text.strip())
            for s in data.statements
        ],
    )
    session.add(decision)
    session.flush()
    after = audit.snapshot(decision)
    after["statements"] = [{"kind": s.kind, "parties": s.parties} for s in decision.statements]
    audit.record(
        session,
        actor=actor_of(user) if user else audit.SYSTEM,
        action="create",
        object_type=OBJECT_TYPE,
        object_id=decision.id,
        after=after,
        request_id=request_id,
        decision_ref=decision.reference,
        clock=clock,
    )
    return decision


def list_decisions(session: Session, *, public_only: bool = False) -> list[Decision]:
    query = select(Decision).order_by(Decision.meeting_date.desc(), Decision.id.desc())
    if public_only:
        query = query.where(Decision.public.is_(True))
    return list(session.scalars(query))
