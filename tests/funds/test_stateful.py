"""Random sequences of call-off actions by random users, against the service and a database.

Hypothesis's stateful testing drives the call-off use cases (draft, edit, submit, return,
resubmit, assess, decide, pay, refund, start reporting, close, withdraw) with random users of
every role and organisation, random amounts, bodies, texts and current, stale or missing
versions. Each example runs on a fund and frame of its own in the fund tests' world, so no
example sees another's money. Every action is predicted before it runs: who may take it
(:func:`kraftsamling.funds.workflow.may`), where the workflow allows it
(:func:`kraftsamling.funds.workflow.next_status`), whether the version is current, and what the
ledger and the delegation rules allow. After it, the test checks the prediction: a successful
action moved the status as the workflow says, bumped the version once and wrote exactly one
audit entry; a refused one changed nothing, wrote nothing and was refused for the first reason
the prediction names. Invariants after every step: the frame's totals are the sums over its
call-offs, no frame is overspent, no call-off paid beyond its grant, refunded beyond its
payments or released beyond its unpaid grant, and no case number is given twice.

The runs are derandomised (the same examples every time, no example database), so CI is
deterministic; ``KRAFTSAMLING_DEEP=1`` runs many more random examples.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from funds_support import ADMIN, COORDINATOR, OFFICER, OTHER_OFFICER, SECOND_COORDINATOR, VIEWER
from funds_support import complete as complete_content
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import START

from kraftsamling.accounts.models import User
from kraftsamling.core.audit import AuditEntry, verify
from kraftsamling.core.db import transaction
from kraftsamling.core.errors import (
    BudgetExceeded,
    InvalidInput,
    KraftsamlingError,
    PermissionDenied,
)
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.decisions.service import DecisionIn
from kraftsamling.funds import service
from kraftsamling.funds.eligibility import Content, Incomplete
from kraftsamling.funds.models import BudgetFrame, CallOff
from kraftsamling.funds.seed import MALMO_RULES
from kraftsamling.funds.service import StaleForm
from kraftsamling.funds.setup import create_fund, set_frame
from kraftsamling.funds.workflow import HOLDS_GRANT, STEPS, Action, Status, may, next_status

# Coordinators and the admin are of the city office (STK): the call-offs an admin drafts for STK
# are their own organisation's, which none of them may handle.
USERS = (OFFICER, OTHER_OFFICER, COORDINATOR, SECOND_COORDINATOR, ADMIN, VIEWER)
ORGANISATIONS = (None, "FRN", "GRN", "STK")  # None: the user's own
FRAME = 3_000_000_00  # öre: small enough that grants run out
KR = 100
LIMITS = ((300_000 * KR, "city_director"), (1_000_000 * KR, "KSAU"))
BODIES = ("city_director", "KSAU", "KS", "Stadsdirektören", "Kommunstyrelsen", "Socialnämnden")
BODY_CODES = {"Stadsdirektören": "city_director", "Kommunstyrelsen": "KS"}
CLOCK = lambda: START  # noqa: E731 (one fixed moment: case numbers are all of one year)
_FUND_CODES = itertools.count(1)

DEEP = os.environ.get("KRAFTSAMLING_DEEP") == "1"
COMMON = dict(deadline=None, database=None, print_blob=True,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
SQLITE_RUN = settings(max_examples=400 if DEEP else 25, stateful_step_count=30,
                      derandomize=not DEEP, **COMMON)  # type: ignore[arg-type]  # fmt: skip
POSTGRES_RUN = settings(max_examples=60 if DEEP else 5, stateful_step_count=20,
                        derandomize=not DEEP, **COMMON)  # type: ignore[arg-type]  # fmt: skip


@dataclass(frozen=True)
class Drawn:
    """A call-off's content as drawn, and whether it meets every requirement of submission."""

    content: Content
    complete: bool


@st.composite
def contents(draw: st.DrawFn) -> Drawn:
    amount_kr = draw(
        st.sampled_from([5_000, 80_000, 300_000, 300_001, 700_000, 1_000_000, 1_000_001])
        | st.integers(1, 2_500_000)
    )
    kind = draw(
        st.sampled_from(
            ["complete", "complete", "outside_with_reason", "outside", "no_description"]
        )
    )
    if kind == "complete":
        return Drawn(complete_content(amount_kr), True)
    if kind == "outside_with_reason":
        reason = "Området gränsar till målområdena och delar skola."
        return Drawn(complete_content(amount_kr, areas=("T5",), area_reason=reason), True)
    if kind == "outside":  # a non-target area and no reason
        return Drawn(complete_content(amount_kr, areas=("T5",)), False)
    return Drawn(complete_content(amount_kr, description="kort"), False)


ASSESSMENT = "Insatsen ligger väl i linje med kriterierna."
# A user: mostly one who may take the action (an int picks among them), else anyone at all, so
# the sequences reach grants and payments as well as refusals.
WHO = st.one_of(st.integers(0, 2), st.integers(0, 2), st.sampled_from(USERS))
VERSIONS = st.sampled_from(["current", "current", "current", "stale", "none"])
AMOUNTS = st.integers(1, 2_500_000 * KR) | st.sampled_from([1, 10_000 * KR, 100_000 * KR])
MONEY = st.integers(1, 200_000 * KR) | AMOUNTS  # payments and refunds: mostly small


@dataclass(frozen=True)
class Snap:
    """A call-off, its frame and the audit trail, as the database holds them."""

    status: Status
    version: int
    organisation_id: int
    amount: int
    recommended: int | None
    granted: int
    paid: int
    refunded: int
    released: int
    case_number: str | None
    audits: int  # audit entries of this call-off
    frame: tuple[int, int, int, int]  # amount, granted, paid, returned
    trail: int  # audit entries of any kind

    @property
    def remaining(self) -> int:
        amount, granted, _, returned = self.frame
        return amount - granted + returned

    def money(self) -> tuple[object, ...]:
        return (self.granted, self.paid, self.refunded, self.released, self.frame)


def _rung(amount: int) -> str:
    return next((body for limit, body in LIMITS if amount <= limit), "KS")


class CallOffMachine(RuleBasedStateMachine):
    """One fund, its frame and the call-offs random users make and move."""

    call_offs = Bundle("call_offs")

    def __init__(self, factory: sessionmaker[Session]) -> None:
        super().__init__()
        self.factory = factory
        with transaction(factory) as s:
            council = s.scalars(select(BudgetFrame)).first()
            assert council is not None
            fund = create_fund(
                s, code=f"prop-{next(_FUND_CODES)}", name_sv="Egenskapsfond",
                name_en="Property fund", municipality="Malmö stad", owner_code="STK",
                rules=MALMO_RULES, user=None, clock=CLOCK,
            )  # fmt: skip
            frame = set_frame(s, fund_id=fund.id, year=2026, amount=FRAME,
                              decision_id=council.decision_id, user=None, clock=CLOCK)  # fmt: skip
            self.fund_id, self.frame_id = fund.id, frame.id
            self.users = {u.email: u for u in s.scalars(select(User))}
            self.orgs = {u.organisation.code: u.organisation_id for u in self.users.values()}
        self.complete: dict[int, bool] = {}  # call-off id -> its content meets the requirements
        self.changes: dict[int, int] = {}  # call-off id -> successful changes (audit entries)

    # ------------------------------------------------------------------ reading the database

    def snap(self, call_off_id: int) -> Snap:
        with self.factory() as s:
            c = s.get(CallOff, call_off_id)
            assert c is not None
            frame = s.get(BudgetFrame, c.frame_id)
            assert frame is not None
            audits = s.scalar(
                select(func.count()).select_from(AuditEntry).where(
                    AuditEntry.object_type == "call_off", AuditEntry.object_id == str(c.id)
                )
            )  # fmt: skip
            return Snap(
                status=c.status_enum, version=c.version, organisation_id=c.organisation_id,
                amount=c.amount or 0, recommended=c.recommended, granted=c.granted, paid=c.paid,
                refunded=c.refunded, released=c.released, case_number=c.case_number,
                audits=int(audits or 0),
                frame=(frame.amount, frame.granted, frame.paid, frame.returned),
                trail=int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0),
            )  # fmt: skip

    # --------------------------------------------------------------------- running an action

    def pick(self, action: Action, who: str | int, organisation_id: int) -> str:
        """``who`` itself, or the ``who``-th (round) of the users who may take ``action``."""
        if isinstance(who, str):
            return who
        fitting = [
            email for email in USERS
            if may(action, role=self.users[email].role_enum, organisation_id=organisation_id,
                   own_organisation_id=self.users[email].organisation_id)
        ]  # fmt: skip
        return fitting[who % len(fitting)] if fitting else USERS[0]

    def act(
        self,
        action: Action,
        call_off_id: int,
        who: str | int,
        version_mode: str | None,
        call: Callable[[Session, User, int | None], Any],
        specific: Callable[[Snap], type[KraftsamlingError] | None],
        *,
        granted: bool | None = None,
    ) -> tuple[Snap, Snap, KraftsamlingError | None]:
        """Run ``call`` and check it against the prediction: ``specific`` names the refusal the
        action's own rules call for once right, order and version are fine (None: success)."""
        before = self.snap(call_off_id)
        version = {"current": before.version, "stale": before.version - 1, "none": None,
                   None: None}[version_mode]  # fmt: skip
        who = self.pick(action, who, before.organisation_id)
        user = self.users[who]
        allowed = may(action, role=user.role_enum, own_organisation_id=user.organisation_id,
                      organisation_id=before.organisation_id)  # fmt: skip
        expected: type[KraftsamlingError] | None
        if not allowed:
            expected = PermissionDenied
        elif before.status not in STEPS[action].sources:
            expected = InvalidInput
        elif version is not None and version != before.version:
            expected = StaleForm
        else:
            expected = specific(before)
        error: KraftsamlingError | None = None
        try:
            with transaction(self.factory) as s:
                call(s, s.get(User, user.id), version)  # type: ignore[arg-type]
        except KraftsamlingError as exc:
            error = exc
        after = self.snap(call_off_id)
        if error is None:
            assert expected is None, f"{action} by {who} should be refused ({expected.__name__})"
            assert allowed  # an allowed action was allowed by workflow.may
            assert after.status is next_status(action, before.status, granted=granted)
            assert after.version == before.version + 1
            assert after.audits == before.audits + 1
            self.changes[call_off_id] = self.changes.get(call_off_id, 0) + 1
        else:
            assert expected is not None, f"{action} by {who} was refused: {error}"
            assert isinstance(error, expected), f"expected {expected.__name__}, got {error!r}"
            if isinstance(error, PermissionDenied):
                assert not allowed
            if expected is InvalidInput and before.status not in STEPS[action].sources:
                assert error.key == "funds.error.order"
            assert after == before  # status, version, money and trail unchanged
        return before, after, error

    # ------------------------------------------------------------------------------- rules

    @rule(target=call_offs, who=WHO, org=st.sampled_from(ORGANISATIONS),
          drawn=contents())  # fmt: skip
    def create(self, who: str | int, org: str | None, drawn: Drawn) -> Any:
        if isinstance(who, int):  # one who may draft for ``org`` (their own, if none is named)
            who = self.pick(Action.EDIT, who, self.orgs[org or "FRN"])
            org = org if org != "FRN" else None
        user = self.users[who]
        org_id = self.orgs[org] if org else user.organisation_id
        allowed = may(Action.EDIT, role=user.role_enum, own_organisation_id=user.organisation_id,
                      organisation_id=org_id)  # fmt: skip
        with self.factory() as s:
            trail = s.scalar(select(func.count()).select_from(AuditEntry))
        try:
            with transaction(self.factory) as s:
                c = service.create_call_off(
                    s, fund_id=self.fund_id, year=2026, content=drawn.content,
                    user=s.get(User, user.id),  # type: ignore[arg-type]
                    organisation_id=org_id if org else None, clock=CLOCK,
                )  # fmt: skip
                cid = c.id
        except PermissionDenied:
            assert not allowed
            with self.factory() as s:
                assert s.scalar(select(func.count()).select_from(AuditEntry)) == trail
            return multiple()
        assert allowed
        snap = self.snap(cid)
        assert (snap.status, snap.version, snap.audits, snap.case_number) == (
            Status.DRAFT, 1, 1, None
        )  # fmt: skip
        self.complete[cid], self.changes[cid] = drawn.complete, 1
        return cid

    @rule(c=call_offs, who=WHO, v=VERSIONS, drawn=contents())
    def edit(self, c: int, who: str | int, v: str, drawn: Drawn) -> None:
        _, after, error = self.act(
            Action.EDIT, c, who, v,
            lambda s, u, ver: service.update_call_off(
                s, call_off_id=c, content=drawn.content, user=u, version=ver, clock=CLOCK
            ),
            lambda b: None,
        )  # fmt: skip
        if error is None:
            self.complete[c] = drawn.complete
            assert after.amount == drawn.content.amount

    def _eligible(self, c: int) -> Callable[[Snap], type[KraftsamlingError] | None]:
        return lambda b: None if self.complete[c] and b.amount <= b.remaining else Incomplete

    @rule(c=call_offs, who=WHO, v=VERSIONS)
    def submit(self, c: int, who: str | int, v: str) -> None:
        _, after, error = self.act(
            Action.SUBMIT, c, who, v,
            lambda s, u, ver: service.submit(s, call_off_id=c, user=u, version=ver, clock=CLOCK),
            self._eligible(c),
        )  # fmt: skip
        if error is None:
            assert after.case_number is not None and after.case_number.startswith("STK-2026-")

    @rule(c=call_offs, who=WHO, v=VERSIONS,
          message=st.sampled_from(["Ange fler partner, tack.", "Ange datum.", "kort"]))  # fmt: skip
    def return_for_completion(self, c: int, who: str | int, v: str, message: str) -> None:
        self.act(
            Action.RETURN, c, who, v,
            lambda s, u, ver: service.return_for_completion(
                s, call_off_id=c, message=message, user=u, version=ver, clock=CLOCK
            ),
            lambda b: None if len(message) >= 10 else InvalidInput,
        )  # fmt: skip

    @rule(c=call_offs, who=WHO, v=VERSIONS)
    def resubmit(self, c: int, who: str | int, v: str) -> None:
        before, after, error = self.act(
            Action.RESUBMIT, c, who, v,
            lambda s, u, ver: service.resubmit(s, call_off_id=c, user=u, version=ver, clock=CLOCK),
            self._eligible(c),
        )  # fmt: skip
        if error is None:
            assert after.case_number == before.case_number  # it keeps its number

    @rule(c=call_offs, who=WHO, v=VERSIONS,
          recommendation=st.sampled_from(["full", "partial", "none"]),
          partial=st.none() | AMOUNTS,
          assessment=st.sampled_from([ASSESSMENT, ASSESSMENT, "Bra."]))  # fmt: skip
    def assess(
        self,
        c: int,
        who: str | int,
        v: str,
        recommendation: str,
        partial: int | None,
        assessment: str,
    ) -> None:
        def refusal(b: Snap) -> type[KraftsamlingError] | None:
            bad_part = recommendation == "partial" and not (
                partial is not None and 0 < partial < b.amount
            )
            return InvalidInput if bad_part or len(assessment) < 20 else None

        before, after, error = self.act(
            Action.ASSESS, c, who, v,
            lambda s, u, ver: service.assess(
                s, call_off_id=c, recommendation=recommendation, assessment=assessment,
                partial_amount=partial, user=u, version=ver, clock=CLOCK,
            ),
            refusal,
        )  # fmt: skip
        if error is None:
            expected = {"full": before.amount, "none": 0, "partial": partial}[recommendation]
            assert after.recommended == expected
            with self.factory() as s:
                body = s.get(CallOff, c).decision_body  # type: ignore[union-attr]
            assert body == _rung(expected or before.amount)

    @rule(c=call_offs, who=WHO, v=VERSIONS, granted=st.booleans(),
          amount=st.none() | AMOUNTS, body=st.just("") | st.just("") | st.sampled_from(BODIES),
          paragraph=st.sampled_from([None, "§ 3", "§ 4"]))  # fmt: skip
    def decide(
        self, c: int, who: str | int, v: str, granted: bool, amount: int | None, body: str,
        paragraph: str | None,
    ) -> None:  # fmt: skip
        """``body`` "" stands for the body the delegation rules require."""

        def grant_of(amount_asked: int, recommended: int | None) -> int:
            if not granted:
                return 0
            return amount if amount is not None else (recommended or amount_asked)

        def body_of(amount_asked: int, recommended: int | None) -> str:
            routed = grant_of(amount_asked, recommended) or recommended or amount_asked
            return body or _rung(routed)

        def refusal(b: Snap) -> type[KraftsamlingError] | None:
            grant = grant_of(b.amount, b.recommended)
            if granted and not 0 < grant <= b.amount:
                return InvalidInput
            if granted and grant > b.remaining:
                return BudgetExceeded
            routed = grant or b.recommended or b.amount
            given = body_of(b.amount, b.recommended)
            given = BODY_CODES.get(given, given)
            return None if given == _rung(routed) else InvalidInput

        def call(s: Session, u: User, ver: int | None) -> CallOff:
            row = s.get(CallOff, c)
            assert row is not None
            decision = DecisionIn(
                body_kind=BodyKind.BOARD, body=body_of(row.amount or 0, row.recommended),
                paragraph=paragraph, meeting_date=dt.date(2026, 3, 10), heading="",
            )  # fmt: skip
            return service.decide(s, call_off_id=c, granted=granted, amount=amount,
                                  decision=decision, user=u, version=ver, clock=CLOCK)  # fmt: skip

        before, after, error = self.act(Action.DECIDE, c, who, v, call, refusal, granted=granted)
        if error is None:
            grant = grant_of(before.amount, before.recommended)
            assert after.granted == grant
            assert after.frame[1] == before.frame[1] + grant

    @rule(c=call_offs, who=WHO, amount=MONEY)
    def pay(self, c: int, who: str | int, amount: int) -> None:
        before, after, error = self.act(
            Action.PAY, c, who, None,
            lambda s, u, ver: service.pay(
                s, call_off_id=c, amount=amount, paid_on=dt.date(2026, 4, 1), user=u, clock=CLOCK
            ),
            lambda b: None if amount <= b.granted - b.paid - b.released else BudgetExceeded,
        )  # fmt: skip
        if error is None:
            assert (after.paid, after.frame[2]) == (before.paid + amount, before.frame[2] + amount)

    @rule(c=call_offs, who=WHO, amount=MONEY)
    def refund(self, c: int, who: str | int, amount: int) -> None:
        before, after, error = self.act(
            Action.REFUND, c, who, None,
            lambda s, u, ver: service.refund(
                s, call_off_id=c, amount=amount, paid_on=dt.date(2026, 5, 1), user=u, clock=CLOCK
            ),
            lambda b: None if amount <= b.paid - b.refunded else InvalidInput,
        )  # fmt: skip
        if error is None:
            assert after.refunded == before.refunded + amount
            assert after.frame[3] == before.frame[3] + amount

    @rule(c=call_offs, who=WHO, v=VERSIONS)
    def start_reporting(self, c: int, who: str | int, v: str) -> None:
        self.act(
            Action.REPORT, c, who, v,
            lambda s, u, ver: service.start_reporting(
                s, call_off_id=c, user=u, version=ver, clock=CLOCK
            ),
            lambda b: None,
        )  # fmt: skip

    @rule(c=call_offs, who=WHO, v=VERSIONS)
    def close(self, c: int, who: str | int, v: str) -> None:
        before, after, error = self.act(
            Action.CLOSE, c, who, v,
            lambda s, u, ver: service.close(s, call_off_id=c, user=u, version=ver, clock=CLOCK),
            lambda b: None,
        )  # fmt: skip
        if error is None:
            unpaid = before.granted - before.paid - before.released
            assert after.released == before.released + unpaid
            assert after.frame[3] == before.frame[3] + unpaid

    @rule(c=call_offs, who=WHO, v=VERSIONS)
    def withdraw(self, c: int, who: str | int, v: str) -> None:
        self.act(
            Action.WITHDRAW, c, who, v,
            lambda s, u, ver: service.withdraw(s, call_off_id=c, user=u, version=ver, clock=CLOCK),
            lambda b: None,
        )  # fmt: skip

    def forward(self, c: int, pick: int, amount: int) -> None:
        """The workflow's next step forward, by one who may, with good input: so that random
        sequences reach assessments, grants, payments and reporting often enough."""
        now = self.snap(c)
        status = now.status
        if status is Status.DRAFT:
            self.submit(c, pick, "current")
        elif status is Status.RETURNED:
            self.resubmit(c, pick, "current")
        elif status is Status.SUBMITTED:
            self.assess(c, pick, "current", "full", None, ASSESSMENT)
        elif status is Status.ASSESSED:
            self.decide(c, pick, "current", True, None, "", None)
        elif status is Status.GRANTED:
            self.pay(c, pick, max(1, min(amount, now.granted - now.paid - now.released)))
        elif status is Status.PAID:
            self.start_reporting(c, pick, "current")
        elif status is Status.REPORTING:
            self.close(c, pick, "current")

    @rule(c=call_offs, pick=st.integers(0, 2), amount=AMOUNTS)
    def step_forward(self, c: int, pick: int, amount: int) -> None:
        self.forward(c, pick, amount)

    @rule(c=call_offs, pick=st.integers(0, 2), amount=AMOUNTS)
    def another_step_forward(self, c: int, pick: int, amount: int) -> None:
        self.forward(c, pick, amount)

    # -------------------------------------------------------------------------- invariants

    @invariant()
    def ledger_adds_up(self) -> None:
        with self.factory() as s:
            frame = s.get(BudgetFrame, self.frame_id)
            assert frame is not None
            rows = list(s.scalars(select(CallOff).where(CallOff.frame_id == self.frame_id)))
            assert frame.granted == sum(c.granted for c in rows)
            assert frame.paid == sum(c.paid for c in rows)
            assert frame.returned == sum(c.refunded + c.released for c in rows)
            assert frame.granted - frame.returned <= frame.amount
            assert frame.paid <= frame.granted
            for c in rows:
                assert 0 <= c.paid <= c.granted
                assert 0 <= c.refunded <= c.paid
                assert 0 <= c.released <= c.granted - c.paid
                assert (c.granted > 0) == (c.status_enum in HOLDS_GRANT)
                assert (c.case_number is None) == (c.submitted_at is None)
                assert (c.status_enum is Status.DRAFT) <= (c.case_number is None)
                paid = [p.amount for p in c.payments if p.kind == "payment"]
                assert sum(paid) == c.paid
                assert sum(p.amount for p in c.payments if p.kind == "refund") == c.refunded

    @invariant()
    def one_audit_entry_per_change(self) -> None:
        with self.factory() as s:
            rows = s.execute(
                select(AuditEntry.object_id, func.count())
                .where(AuditEntry.object_type == "call_off")
                .where(AuditEntry.object_id.in_([str(c) for c in self.changes]))
                .group_by(AuditEntry.object_id)
            ).all()
        counted = {int(object_id or 0): int(n) for object_id, n in rows}
        assert counted == self.changes

    @invariant()
    def case_numbers_are_unique(self) -> None:
        with self.factory() as s:
            numbers = list(
                s.scalars(select(CallOff.case_number).where(CallOff.case_number.is_not(None)))
            )
        assert len(numbers) == len(set(numbers))


def _run(world: sessionmaker[Session], run: settings) -> None:
    run_state_machine_as_test(lambda: CallOffMachine(world), settings=run)
    with world() as s:
        assert verify(s).ok  # the hash chain holds after every example's writes


def test_random_call_off_sequences_keep_the_rules(world: sessionmaker[Session]) -> None:
    backend = world.kw["bind"].dialect.name
    _run(world, POSTGRES_RUN if backend == "postgresql" else SQLITE_RUN)
