"""The call-off's use cases on both backends: the whole workflow, the ledger and refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from funds_support import (
    ADMIN,
    COORDINATOR,
    OFFICER,
    OTHER_OFFICER,
    SECOND_COORDINATOR,
    VIEWER,
    complete,
    user,
)
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts.inbox import Notification
from kraftsamling.core.audit import AuditEntry, verify
from kraftsamling.core.db import transaction
from kraftsamling.core.errors import BudgetExceeded, InvalidInput, PermissionDenied
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.decisions.service import DecisionIn
from kraftsamling.funds import queries, service
from kraftsamling.funds.eligibility import Incomplete
from kraftsamling.funds.models import BudgetFrame, CallOff, Fund
from kraftsamling.funds.service import StaleForm

MEETING = dt.date(2026, 3, 10)


def _decision(body: str, paragraph: str | None = None) -> DecisionIn:
    return DecisionIn(
        body_kind=BodyKind.BOARD, body=body, meeting_date=MEETING, heading="", paragraph=paragraph
    )


def _fund(session: Session) -> Fund:
    return session.scalars(select(Fund)).one()


def _draft(factory: sessionmaker[Session], amount_kr: int = 250_000, **changes: object) -> int:
    with transaction(factory) as s:
        c = service.create_call_off(
            s,
            fund_id=_fund(s).id,
            year=2026,
            content=complete(amount_kr, **changes),
            user=user(s, OFFICER),
        )
        return c.id


def _to_assessed(factory: sessionmaker[Session], amount_kr: int = 250_000) -> int:
    cid = _draft(factory, amount_kr)
    with transaction(factory) as s:
        service.submit(s, call_off_id=cid, user=user(s, OFFICER), version=None)
    with transaction(factory) as s:
        service.assess(
            s,
            call_off_id=cid,
            recommendation="full",
            user=user(s, COORDINATOR),
            assessment="Insatsen ligger väl i linje med kriterierna.",
            version=None,
        )
    return cid


def test_whole_workflow_moves_money_and_audits_each_step(world: sessionmaker[Session]) -> None:
    cid = _draft(world)
    with transaction(world) as s:
        c = service.submit(s, call_off_id=cid, user=user(s, OFFICER), version=1)
        assert c.case_number is not None and c.case_number.startswith("STK-")
        case = c.case_number
    with transaction(world) as s:
        service.return_for_completion(
            s,
            call_off_id=cid,
            message="Ange fler partner, tack.",
            user=user(s, COORDINATOR),
            version=None,
        )
    with transaction(world) as s:
        service.update_call_off(
            s,
            call_off_id=cid,
            content=complete(250_000, reach=150),
            user=user(s, OFFICER),
            version=None,
        )
        c = service.resubmit(s, call_off_id=cid, user=user(s, OFFICER), version=None)
        assert c.case_number == case  # resubmission keeps the number
    with transaction(world) as s:
        service.assess(
            s,
            call_off_id=cid,
            recommendation="partial",
            partial_amount=200_000_00,
            assessment="Rimlig insats; lönekostnaden är något hög.",
            user=user(s, COORDINATOR),
            version=None,
        )
    with transaction(world) as s:
        c = service.decide(
            s,
            call_off_id=cid,
            granted=True,
            decision=_decision("Stadsdirektören"),
            user=user(s, COORDINATOR),
            version=None,
        )
        assert (c.status, c.granted, c.decision_body) == ("granted", 200_000_00, "city_director")
        assert c.decision is not None and c.decision.body_kind == "delegate"
    with transaction(world) as s:
        service.pay(
            s, call_off_id=cid, amount=150_000_00, paid_on=MEETING, user=user(s, COORDINATOR)
        )
        service.start_reporting(s, call_off_id=cid, user=user(s, COORDINATOR), version=None)
    with transaction(world) as s:
        service.refund(
            s, call_off_id=cid, amount=10_000_00, paid_on=MEETING, user=user(s, COORDINATOR)
        )
        c = service.close(s, call_off_id=cid, user=user(s, COORDINATOR), version=None)
        assert (c.released, c.refunded, c.status) == (50_000_00, 10_000_00, "closed")
    with world() as s:
        frame = s.scalars(select(BudgetFrame)).one()
        fig = queries.figures(s, frame)
        assert (fig.granted, fig.paid, fig.returned) == (200_000_00, 150_000_00, 60_000_00)
        assert fig.remaining == 10_000_000_00 - 140_000_00
        entries = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.object_type == "call_off")
        )
        assert entries == 11  # create, submit, return, update, resubmit, assess, decide,
        # pay, reporting, refund, close
        assert verify(s).ok
        told = s.scalars(select(Notification.subject)).all()
        assert any("återsänt" in t for t in told) and any("beviljat" in t for t in told)


def test_grant_beyond_the_frame_is_refused_and_changes_nothing(
    world: sessionmaker[Session],
) -> None:
    cid = _to_assessed(world, 250_000)
    with transaction(world) as s:
        frame = s.scalars(select(BudgetFrame)).one()
        frame.granted = 10_000_000_00 - 100_000_00  # as if others were granted meanwhile
    with pytest.raises(BudgetExceeded) as err, transaction(world) as s:
        service.decide(
            s,
            call_off_id=cid,
            granted=True,
            decision=_decision("Stadsdirektören"),
            user=user(s, COORDINATOR),
            version=None,
        )
    assert err.value.key == "funds.error.frame_exceeded"
    with world() as s:
        assert s.get(CallOff, cid).status == "assessed"  # type: ignore[union-attr]
        assert s.scalars(select(BudgetFrame)).one().granted == 10_000_000_00 - 100_000_00


def test_the_database_refuses_an_overspend_that_skipped_the_service(
    world: sessionmaker[Session],
) -> None:
    with pytest.raises(IntegrityError), transaction(world) as s:
        frame = s.scalars(select(BudgetFrame)).one()
        frame.granted = frame.amount + 1
        s.flush()


def test_the_delegation_rules_route_and_refuse_the_wrong_body(
    world: sessionmaker[Session],
) -> None:
    cid = _to_assessed(world, 400_000)
    with world() as s:
        assert s.get(CallOff, cid).decision_body == "KSAU"  # type: ignore[union-attr]
    with pytest.raises(InvalidInput) as err, transaction(world) as s:
        service.decide(
            s,
            call_off_id=cid,
            granted=True,
            decision=_decision("Stadsdirektören"),
            user=user(s, COORDINATOR),
            version=None,
        )
    assert err.value.key == "funds.error.wrong_body"
    with transaction(world) as s:
        c = service.decide(
            s,
            call_off_id=cid,
            granted=True,
            decision=_decision("Kommunstyrelsens arbetsutskott", "§ 88"),
            user=user(s, COORDINATOR),
            version=None,
        )
        assert c.decision is not None and c.decision.paragraph == "§ 88"


def test_nobody_handles_their_own_or_another_organisations_call_off(
    world: sessionmaker[Session],
) -> None:
    cid = _draft(world)
    for email in (OTHER_OFFICER, VIEWER, COORDINATOR):
        with pytest.raises(PermissionDenied), transaction(world) as s:
            service.submit(s, call_off_id=cid, user=user(s, email), version=None)
    with transaction(world) as s:
        service.submit(s, call_off_id=cid, user=user(s, OFFICER), version=None)
    with pytest.raises(PermissionDenied), transaction(world) as s:
        service.assess(
            s,
            call_off_id=cid,
            recommendation="full",
            user=user(s, OFFICER),
            assessment="Jag tycker själv att det är bra.",
            version=None,
        )
    # A call-off of the city office itself: its coordinators may not assess it.
    with transaction(world) as s:
        own = service.create_call_off(
            s,
            fund_id=_fund(s).id,
            year=2026,
            content=complete(),
            user=user(s, ADMIN),
            organisation_id=user(s, ADMIN).organisation_id,
        )
        service.submit(s, call_off_id=own.id, user=user(s, ADMIN), version=None)
        own_id = own.id
    with pytest.raises(PermissionDenied), transaction(world) as s:
        service.assess(
            s,
            call_off_id=own_id,
            recommendation="full",
            version=None,
            assessment="Granskar mitt eget kontors avrop.",
            user=user(s, SECOND_COORDINATOR),
        )


def test_a_stale_form_has_exactly_one_effect(world: sessionmaker[Session]) -> None:
    cid = _draft(world)
    with transaction(world) as s:
        service.submit(s, call_off_id=cid, user=user(s, OFFICER), version=1)
    with pytest.raises((StaleForm, InvalidInput)), transaction(world) as s:
        service.submit(s, call_off_id=cid, user=user(s, OFFICER), version=1)
    with world() as s:
        assert s.get(CallOff, cid).version == 2  # type: ignore[union-attr]


def test_an_incomplete_call_off_lists_every_problem_and_stays_a_draft(
    world: sessionmaker[Session],
) -> None:
    cid = _draft(world, 250_000, title="", areas=("T7",), partners=(), reach=None)
    with pytest.raises(Incomplete) as err, transaction(world) as s:
        service.submit(s, call_off_id=cid, user=user(s, OFFICER), version=None)
    fields = {f.field for f in err.value.findings}
    assert fields == {"title", "areas", "partners", "reach"}
    with world() as s:
        c = s.get(CallOff, cid)
        assert c is not None and (c.status, c.case_number) == ("draft", None)


def test_a_small_call_off_takes_the_light_path(world: sessionmaker[Session]) -> None:
    cid = _draft(world, 80_000, effects=(), partners=())
    with transaction(world) as s:
        assert (
            service.submit(s, call_off_id=cid, user=user(s, OFFICER), version=None).status
            == "submitted"
        )


def test_case_numbers_follow_each_other_per_year(world: sessionmaker[Session]) -> None:
    numbers = []
    for _ in range(3):
        cid = _draft(world)
        with transaction(world) as s:
            numbers.append(
                service.submit(s, call_off_id=cid, user=user(s, OFFICER), version=None).case_number
            )
    serials = [int(n.rsplit("-", 1)[1]) for n in numbers if n]
    assert serials == [serials[0], serials[0] + 1, serials[0] + 2]


def test_two_concurrent_changes_to_one_call_off_have_one_effect(
    world: sessionmaker[Session],
) -> None:
    """Both read the same version before either writes: the mapper's versioned UPDATE lets
    only the first commit, even though both forms carried the right version."""
    cid = _draft(world)
    first, second = world(), world()
    try:
        a = service.submit(first, call_off_id=cid, user=user(first, OFFICER), version=1)
        b_call_off = second.get(CallOff, cid)
        assert b_call_off is not None and b_call_off.version == 1  # read before the commit
        first.commit()
        with pytest.raises(StaleForm):
            service.withdraw(second, call_off_id=cid, user=user(second, OFFICER), version=None)
        second.rollback()
    finally:
        first.close()
        second.close()
    with world() as s:
        c = s.get(CallOff, cid)
        assert c is not None and (c.status, c.version) == ("submitted", 2)
        assert a.case_number == c.case_number


@pytest.mark.parametrize("amount", [0, -100])
def test_a_payment_or_refund_needs_a_positive_amount(
    world: sessionmaker[Session], amount: int
) -> None:
    cid = _to_assessed(world, 250_000)
    with transaction(world) as s:
        service.decide(
            s,
            call_off_id=cid,
            granted=True,
            decision=_decision("Stadsdirektören"),
            user=user(s, COORDINATOR),
            version=None,
        )
    for move in (service.pay, service.refund):
        with pytest.raises(InvalidInput) as err, transaction(world) as s:
            move(s, call_off_id=cid, amount=amount, paid_on=MEETING, user=user(s, COORDINATOR))
        assert err.value.key == "funds.error.amount"
