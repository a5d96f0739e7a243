"""Use cases that set a fund up: the fund, its delegation rules and its yearly budget frames.

A frame changes only with a recorded decision: :func:`set_frame` takes the decision that sets
the amount, and refuses an amount below what grants already commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import Organisation, User, actor_of
from kraftsamling.accounts.roles import Role
from kraftsamling.core import audit
from kraftsamling.core.errors import InvalidInput, NotFound, PermissionDenied
from kraftsamling.decisions.service import get_decision
from kraftsamling.funds import delegation, ledger
from kraftsamling.funds.locking import begin_immediate, lock_frame
from kraftsamling.funds.models import DEFAULT_LIGHT_LIMIT, BudgetFrame, DelegationRule, Fund

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class RuleIn:
    body: str  # a short code: "city_director", "KSAU", "KS"
    body_name: str  # as documents name it: "Stadsdirektören"
    max_amount: int | None  # öre; None for the last rung
    delegated: bool = False


def ensure_city_office(user: User) -> None:
    if user.role_enum not in (Role.ADMIN, Role.COORDINATOR):
        raise PermissionDenied(
            f"Only a coordinator or an admin sets up funds and frames; the user is {user.role!r}.",
            key="funds.error.setup_role",
        )


def create_fund(
    session: Session,
    *,
    code: str,
    name_sv: str,
    name_en: str,
    municipality: str,
    owner_code: str,
    rules: Sequence[RuleIn],
    user: User | None,
    light_limit: int = DEFAULT_LIGHT_LIMIT,
    case_prefix: str = "STK",
    grant_id_prefix: str = "360G-kraftsamling",
    clock: Clock = audit.utc_now,
) -> Fund:
    """A new fund with its delegation ladder (audited)."""
    if user is not None:
        ensure_city_office(user)
    delegation.check_ladder([delegation.Rung(r.body, r.max_amount, r.delegated) for r in rules])
    owner = session.scalar(select(Organisation).where(Organisation.code == owner_code))
    if owner is None:
        raise NotFound(
            f"No organisation with code {owner_code!r}.",
            key="funds.error.organisation_missing",
            code=owner_code,
        )
    fund = Fund(
        code=code,
        name_sv=name_sv,
        name_en=name_en,
        municipality=municipality,
        owner=owner,
        case_prefix=case_prefix,
        light_limit=light_limit,
        grant_id_prefix=grant_id_prefix,
        created_at=clock(),
        rules=[
            DelegationRule(
                body=r.body, body_name=r.body_name, max_amount=r.max_amount, delegated=r.delegated
            )
            for r in rules
        ],
    )
    session.add(fund)
    session.flush()
    after = audit.snapshot(fund)
    after["rules"] = [audit.snapshot(r) for r in fund.rules]
    audit.record(
        session,
        actor=actor_of(user) if user else audit.SYSTEM,
        action="create",
        object_type="fund",
        object_id=fund.id,
        after=after,
        clock=clock,
    )
    return fund


def get_fund(session: Session, fund_id: int) -> Fund:
    fund = session.get(Fund, fund_id)
    if fund is None:
        raise NotFound(
            f"No fund with id {fund_id}.", key="funds.error.fund_missing", fund_id=fund_id
        )
    return fund


def frame_of(session: Session, fund_id: int, year: int) -> BudgetFrame:
    frame = session.scalar(
        select(BudgetFrame).where(BudgetFrame.fund_id == fund_id, BudgetFrame.year == year)
    )
    if frame is None:
        raise NotFound(
            f"Fund {fund_id} has no budget frame for {year}.", key="funds.error.no_frame", year=year
        )
    return frame


def set_frame(
    session: Session,
    *,
    fund_id: int,
    year: int,
    amount: int,
    decision_id: int,
    user: User | None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> BudgetFrame:
    """Create the fund's frame for ``year`` or change its amount, by decision ``decision_id``."""
    if user is not None:
        ensure_city_office(user)
    if not 2000 <= year <= 2100:
        raise InvalidInput(
            f"A frame's year is from 2000 to 2100; got {year}.", key="funds.error.year", year=year
        )
    decision = get_decision(session, decision_id)
    fund = get_fund(session, fund_id)
    begin_immediate(session)
    existing = session.scalar(
        select(BudgetFrame.id).where(BudgetFrame.fund_id == fund.id, BudgetFrame.year == year)
    )
    actor = actor_of(user) if user else audit.SYSTEM
    if existing is None:
        frame = BudgetFrame(
            fund=fund, year=year, amount=amount, granted=0, paid=0, returned=0, decision=decision
        )
        session.add(frame)
        before = None
    else:
        frame = lock_frame(session, existing)
        ledger.check_frame_amount(amount, committed=frame.granted - frame.returned, year=year)
        before = audit.snapshot(frame)
        frame.amount, frame.decision = amount, decision
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create" if before is None else "update",
        object_type="budget_frame",
        object_id=frame.id,
        before=before,
        after=audit.snapshot(frame),
        request_id=request_id,
        decision_ref=decision.reference,
        clock=clock,
    )
    return frame


def ladder(fund: Fund) -> list[delegation.Rung]:
    return [delegation.Rung(r.body, r.max_amount, r.delegated) for r in fund.rules]


def rule_for(fund: Fund, amount: int) -> DelegationRule:
    """The fund's delegation rule that must decide ``amount`` öre."""
    rung = delegation.required_rung(ladder(fund), amount)
    return next(r for r in fund.rules if r.body == rung.body)
