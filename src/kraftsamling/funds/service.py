"""Use cases of a call-off, one transaction each: draft, submit, return, assess, decide, pay.

Every function checks the workflow (:mod:`kraftsamling.funds.workflow`) and the user's right,
changes the call-off, writes exactly one audit entry and queues notifications; the caller
commits. Functions that move money lock the budget frame first
(:func:`kraftsamling.funds.locking.lock_frame`). A form carries the call-off's ``version``:
a stale or repeated submission is refused (:class:`StaleForm`) and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kraftsamling.accounts.inbox import notify
from kraftsamling.accounts.models import User, actor_of
from kraftsamling.accounts.roles import Role
from kraftsamling.core import audit
from kraftsamling.core.errors import Conflict, InvalidInput, NotFound
from kraftsamling.decisions import service as decisions
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.funds import delegation, eligibility, ledger
from kraftsamling.funds.content import from_json, to_json
from kraftsamling.funds.locking import lock_frame
from kraftsamling.funds.models import CallOff, Fund, Payment
from kraftsamling.funds.money import check_ore
from kraftsamling.funds.queries import eligibility_context
from kraftsamling.funds.setup import frame_of, get_fund, ladder
from kraftsamling.funds.workflow import Action, Status, ensure_may, next_status

Clock = Callable[[], dt.datetime]
OBJECT_TYPE = "call_off"
MAX_TEXT = 20_000


class StaleForm(Conflict):
    """Raised when a form was filled in on an older version of the call-off."""


def get_call_off(session: Session, call_off_id: int) -> CallOff:
    call_off = session.get(CallOff, call_off_id)
    if call_off is None:
        raise NotFound(
            f"No call-off with id {call_off_id}.",
            key="funds.error.call_off_missing",
            call_off_id=call_off_id,
        )
    return call_off


def _summary(c: CallOff) -> dict[str, Any]:
    return audit.snapshot(c, exclude=("content",)) | {"content": c.content}


def _begin(
    session: Session,
    call_off_id: int,
    action: Action,
    user: User,
    version: int | None,
    *,
    lock: bool = False,
) -> tuple[CallOff, dict[str, Any]]:
    """Load (and, for money, lock) the call-off, check right, order and version."""
    call_off = get_call_off(session, call_off_id)
    if lock:
        lock_frame(session, call_off.frame_id)
        session.refresh(call_off)
    ensure_may(
        action,
        role=user.role_enum,
        own_organisation_id=user.organisation_id,
        organisation_id=call_off.organisation_id,
    )
    next_status(action, call_off.status_enum)
    if version is not None and version != call_off.version:
        raise StaleForm(
            f"Call-off {call_off.id} changed since the form was shown (version {version}, now "
            f"{call_off.version}); nothing was changed. Reload it and try again.",
            key="funds.error.stale",
            call_off_id=call_off.id,
        )
    return call_off, _summary(call_off)


def _finish(
    session: Session,
    call_off: CallOff,
    *,
    user: User,
    action: str,
    before: dict[str, Any] | None,
    request_id: str | None,
    clock: Clock,
    decision_ref: str | None = None,
) -> CallOff:
    known_id = call_off.id  # read now: after a failed flush the object cannot be read
    call_off.version = (call_off.version or 0) + 1
    try:
        session.flush()
    except StaleDataError:  # a concurrent change to the same call-off committed first
        raise StaleForm(
            f"Call-off {known_id} was changed by someone else at the same moment; nothing "
            "was changed. Reload it and try again.",
            key="funds.error.stale",
            call_off_id=known_id,
        ) from None
    audit.record(
        session,
        actor=actor_of(user),
        action=action,
        object_type=OBJECT_TYPE,
        object_id=call_off.id,
        before=before,
        after=_summary(call_off),
        request_id=request_id,
        decision_ref=decision_ref,
        clock=clock,
    )
    return call_off


def _set_content(call_off: CallOff, content: eligibility.Content) -> None:
    call_off.content = to_json(content)
    call_off.title = content.title.strip()[:200]
    call_off.amount = content.amount
    call_off.fields_filled = content.filled_fields()


def _check_text(name: str, text: str, *, minimum: int = 0) -> str:
    cleaned = text.strip()
    if len(cleaned) < minimum or len(cleaned) > MAX_TEXT:
        raise InvalidInput(
            f"{name} must be {minimum}-{MAX_TEXT} characters; got {len(cleaned)}.",
            key="funds.error.text",
            field=name,
            min=minimum,
        )
    return cleaned


def create_call_off(
    session: Session,
    *,
    fund_id: int,
    year: int,
    content: eligibility.Content,
    user: User,
    organisation_id: int | None = None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Save a new draft for the user's organisation (an admin may name another)."""
    org_id = organisation_id if organisation_id is not None else user.organisation_id
    ensure_may(
        Action.EDIT,
        role=user.role_enum,
        own_organisation_id=user.organisation_id,
        organisation_id=org_id,
    )
    frame = frame_of(session, get_fund(session, fund_id).id, year)
    call_off = CallOff(
        frame=frame,
        organisation_id=org_id,
        created_by=user.id,
        status=Status.DRAFT.value,
        version=0,
        created_at=clock(),
    )
    _set_content(call_off, content)
    session.add(call_off)
    return _finish(
        session,
        call_off,
        user=user,
        action="create",
        before=None,
        request_id=request_id,
        clock=clock,
    )


def update_call_off(
    session: Session,
    *,
    call_off_id: int,
    content: eligibility.Content,
    user: User,
    version: int | None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Save changes to a draft or to a call-off returned for completion."""
    call_off, before = _begin(session, call_off_id, Action.EDIT, user, version)
    _set_content(call_off, content)
    return _finish(
        session,
        call_off,
        user=user,
        action="update",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def _coordinators(session: Session, fund: Fund) -> list[User]:
    return list(
        session.scalars(
            select(User).where(
                User.role == Role.COORDINATOR.value, User.organisation_id == fund.owner_id
            )
        )
    )


def _applicants(session: Session, call_off: CallOff) -> list[User]:
    officers = session.scalars(
        select(User).where(
            User.role == Role.OFFICER.value, User.organisation_id == call_off.organisation_id
        )
    )
    return [call_off.creator, *officers]


def _tell(
    session: Session, users: Iterable[User], call_off: CallOff, what: str, at: dt.datetime
) -> None:
    label = call_off.case_number or f"#{call_off.id}"
    notify(
        session,
        users,
        subject=f"Avrop {label}: {what}",
        body=f"{call_off.title}\n{call_off.organisation.name_sv}\n\n{what}",
        link=f"/fund/call-offs/{call_off.id}",
        at=at,
    )


def _ensure_eligible(session: Session, call_off: CallOff) -> None:
    ctx = eligibility_context(session, call_off.frame)
    eligibility.ensure_complete(from_json(call_off.content), ctx)


def submit(
    session: Session,
    *,
    call_off_id: int,
    user: User,
    version: int | None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Send a complete draft to the city office; it gets its case number now."""
    call_off, before = _begin(session, call_off_id, Action.SUBMIT, user, version)
    _ensure_eligible(session, call_off)
    now = clock()
    call_off.case_number = decisions.next_case_number(
        session, prefix=call_off.frame.fund.case_prefix, year=now.year
    )
    call_off.status, call_off.submitted_at = Status.SUBMITTED.value, now
    _tell(session, _coordinators(session, call_off.frame.fund), call_off, "inkommet", now)
    return _finish(
        session,
        call_off,
        user=user,
        action="state_change",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def return_for_completion(
    session: Session,
    *,
    call_off_id: int,
    message: str,
    user: User,
    version: int | None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Send a submitted call-off back to its organisation, saying what is missing."""
    call_off, before = _begin(session, call_off_id, Action.RETURN, user, version)
    call_off.return_message = _check_text("message", message, minimum=10)
    call_off.status = Status.RETURNED.value
    call_off.times_returned += 1
    _tell(
        session,
        _applicants(session, call_off),
        call_off,
        f"återsänt för komplettering: {call_off.return_message}",
        clock(),
    )
    return _finish(
        session,
        call_off,
        user=user,
        action="state_change",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def resubmit(
    session: Session,
    *,
    call_off_id: int,
    user: User,
    version: int | None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Send a completed call-off back to the city office (it keeps its case number)."""
    call_off, before = _begin(session, call_off_id, Action.RESUBMIT, user, version)
    _ensure_eligible(session, call_off)
    call_off.status = Status.SUBMITTED.value
    _tell(session, _coordinators(session, call_off.frame.fund), call_off, "kompletterat", clock())
    return _finish(
        session,
        call_off,
        user=user,
        action="state_change",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def assess(
    session: Session,
    *,
    call_off_id: int,
    recommendation: str,
    assessment: str,
    user: User,
    version: int | None,
    partial_amount: int | None = None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Record the city office's assessment: recommend in full, in part (an amount) or not."""
    call_off, before = _begin(session, call_off_id, Action.ASSESS, user, version)
    if recommendation not in ("full", "partial", "none"):
        raise InvalidInput(
            f"recommendation must be 'full', 'partial' or 'none'; got {recommendation[:20]!r}.",
            key="funds.error.recommendation",
        )
    requested = call_off.amount or 0
    amount = ledger.recommended_amount(recommendation, requested=requested, partial=partial_amount)
    call_off.recommendation, call_off.recommended = recommendation, amount
    call_off.assessment = _check_text("assessment", assessment, minimum=20)
    call_off.assessed_by = user.id
    rung = delegation.required_rung(ladder(call_off.frame.fund), amount or requested)
    call_off.decision_body = rung.body
    call_off.status = Status.ASSESSED.value
    return _finish(
        session,
        call_off,
        user=user,
        action="state_change",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def decide(
    session: Session,
    *,
    call_off_id: int,
    granted: bool,
    decision: decisions.DecisionIn,
    user: User,
    version: int | None,
    amount: int | None = None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Record the decision on an assessed call-off: granted with ``amount`` (default: the
    recommended amount) or rejected, by the body the delegation rules require.

    Raises ``BudgetExceeded`` when the grant is more than what remains of the frame.
    """
    call_off, before = _begin(session, call_off_id, Action.DECIDE, user, version, lock=True)
    frame = call_off.frame
    grant = 0
    if granted:
        grant = amount if amount is not None else (call_off.recommended or call_off.amount or 0)
        if not 0 < grant <= (call_off.amount or 0):
            raise InvalidInput(
                "A grant must be above 0 and at most the requested amount.",
                key="funds.error.grant_amount",
            )
        ledger.check_grant(
            grant, remaining=frame.amount - frame.granted + frame.returned, year=frame.year
        )
    routed = grant or call_off.recommended or call_off.amount or 0
    fund = frame.fund
    rung = delegation.required_rung(ladder(fund), routed)
    rule = next(r for r in fund.rules if r.body == rung.body)
    delegation.check_body(ladder(fund), routed, _body_code(fund, decision.body))
    record = decisions.record_decision(
        session,
        _with_case(decision, call_off, delegated=rung.delegated),
        user=user,
        request_id=request_id,
        clock=clock,
    )
    now = clock()
    call_off.decision, call_off.decided_at, call_off.decision_body = record, now, rule.body
    call_off.status = next_status(Action.DECIDE, call_off.status_enum, granted=granted).value
    call_off.granted = grant
    frame.granted += grant
    verdict = f"beviljat {ledger.kronor(grant)}" if granted else "avslaget"
    _tell(session, _applicants(session, call_off), call_off, verdict, now)
    return _finish(
        session,
        call_off,
        user=user,
        action="state_change",
        before=before,
        request_id=request_id,
        clock=clock,
        decision_ref=record.reference,
    )


def _body_code(fund: Fund, body: str) -> str:
    """The delegation rule's code of a body given by code or by name."""
    for rule in fund.rules:
        if body in (rule.body, rule.body_name):
            return rule.body
    return body


def _with_case(
    data: decisions.DecisionIn, call_off: CallOff, *, delegated: bool
) -> decisions.DecisionIn:
    rule = next(r for r in call_off.frame.fund.rules if data.body in (r.body, r.body_name))
    kind = BodyKind.DELEGATE if delegated else data.body_kind
    heading = data.heading or f"Avrop: {call_off.title}"
    return decisions.DecisionIn(
        body_kind=kind,
        body=rule.body_name,
        meeting_date=data.meeting_date,
        heading=heading,
        paragraph=data.paragraph,
        case_number=data.case_number or call_off.case_number,
        text=data.text,
        public=data.public,
        invented=data.invented,
        statements=data.statements,
    )


def pay(
    session: Session,
    *,
    call_off_id: int,
    amount: int,
    paid_on: dt.date,
    user: User,
    reference: str = "",
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Register a payment of ``amount`` öre; never more than granted and unpaid."""
    check_ore("amount", amount)
    call_off, before = _begin(session, call_off_id, Action.PAY, user, None, lock=True)
    ledger.check_payment(
        amount, granted=call_off.granted, paid=call_off.paid, released=call_off.released
    )
    now = clock()
    call_off.payments.append(
        Payment(
            kind="payment",
            amount=amount,
            paid_on=paid_on,
            reference=reference.strip()[:100],
            recorded_by=user.id,
            recorded_at=now,
        )
    )
    call_off.paid += amount
    call_off.frame.paid += amount
    call_off.first_paid_at = call_off.first_paid_at or now
    call_off.status = Status.PAID.value
    _tell(
        session,
        _applicants(session, call_off),
        call_off,
        f"utbetalning {ledger.kronor(amount)}",
        now,
    )
    return _finish(
        session,
        call_off,
        user=user,
        action="update",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def refund(
    session: Session,
    *,
    call_off_id: int,
    amount: int,
    paid_on: dt.date,
    user: User,
    reference: str = "",
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Register money paid back; it flows back to the frame."""
    check_ore("amount", amount)
    call_off, before = _begin(session, call_off_id, Action.REFUND, user, None, lock=True)
    ledger.check_refund(amount, paid=call_off.paid, refunded=call_off.refunded)
    call_off.payments.append(
        Payment(
            kind="refund",
            amount=amount,
            paid_on=paid_on,
            reference=reference.strip()[:100],
            recorded_by=user.id,
            recorded_at=clock(),
        )
    )
    call_off.refunded += amount
    call_off.frame.returned += amount
    return _finish(
        session,
        call_off,
        user=user,
        action="update",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def start_reporting(
    session: Session,
    *,
    call_off_id: int,
    user: User,
    version: int | None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """The money is out: the initiative now reports on its work."""
    call_off, before = _begin(session, call_off_id, Action.REPORT, user, version)
    call_off.status = Status.REPORTING.value
    _tell(session, _applicants(session, call_off), call_off, "dags att rapportera", clock())
    return _finish(
        session,
        call_off,
        user=user,
        action="state_change",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def close(
    session: Session,
    *,
    call_off_id: int,
    user: User,
    version: int | None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """Close a granted call-off; its unpaid part flows back to the frame."""
    call_off, before = _begin(session, call_off_id, Action.CLOSE, user, version, lock=True)
    released = ledger.release_on_close(
        granted=call_off.granted, paid=call_off.paid, released=call_off.released
    )
    call_off.released += released
    call_off.frame.returned += released
    call_off.status, call_off.closed_at = Status.CLOSED.value, clock()
    return _finish(
        session,
        call_off,
        user=user,
        action="state_change",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def withdraw(
    session: Session,
    *,
    call_off_id: int,
    user: User,
    version: int | None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> CallOff:
    """The applying organisation takes its call-off back before the decision."""
    call_off, before = _begin(session, call_off_id, Action.WITHDRAW, user, version)
    if call_off.status_enum is not Status.DRAFT:
        _tell(session, _coordinators(session, call_off.frame.fund), call_off, "återkallat", clock())
    call_off.status = Status.WITHDRAWN.value
    return _finish(
        session,
        call_off,
        user=user,
        action="state_change",
        before=before,
        request_id=request_id,
        clock=clock,
    )


def decide_list(
    session: Session,
    *,
    items: Iterable[tuple[int, int | None, bool, int | None]],
    decision: decisions.DecisionIn,
    user: User,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> list[CallOff]:
    """Enter one meeting's decisions on a whole list at once: ``items`` are
    ``(call_off_id, version, granted, amount)``; all under one decision record (the meeting's
    paragraph), each call-off audited. All or nothing: one refusal (a frame exceeded, a wrong
    body, a stale form) stops the list, and the caller rolls back."""
    done: list[CallOff] = []
    for call_off_id, version, granted, amount in items:
        if not decision.case_number:  # the list is decided in the fund's own case
            frame_case = get_call_off(session, call_off_id).frame.decision.case_number
            decision = replace(decision, case_number=frame_case)
        done.append(
            decide(
                session,
                call_off_id=call_off_id,
                granted=granted,
                decision=decision,
                user=user,
                version=version,
                amount=amount,
                request_id=request_id,
                clock=clock,
            )
        )
    if not done:
        raise InvalidInput("The list has no call-off to decide.", key="funds.error.empty_list")
    return done
