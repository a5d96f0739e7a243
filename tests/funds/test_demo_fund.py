"""The demo fund shows every state of the workflow, two delegated decisions and a board list."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.core.audit import verify
from kraftsamling.core.db import transaction
from kraftsamling.funds import board, queries
from kraftsamling.funds.demo import BOARD_MEETING, ensure_demo_fund
from kraftsamling.funds.models import BudgetFrame, CallOff, Fund
from kraftsamling.funds.workflow import Status


def test_the_demo_fund_covers_the_workflow_and_balances(world: sessionmaker[Session]) -> None:
    with transaction(world) as s:
        assert ensure_demo_fund(s, policy=FAST_TEST_POLICY) == 12
    with transaction(world) as s:
        assert ensure_demo_fund(s, policy=FAST_TEST_POLICY) == 0  # once only
    with world() as s:
        rows = list(s.scalars(select(CallOff)).unique())
        assert {c.status for c in rows} == {st.value for st in Status}
        frame = s.scalars(select(BudgetFrame)).one()
        assert frame.granted == sum(c.granted for c in rows)
        assert frame.paid == sum(c.paid for c in rows)
        assert frame.returned == sum(c.refunded + c.released for c in rows)
        fund = s.scalars(select(Fund)).one()
        delegated = board.delegation_report(
            s, fund, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
        )
        assert len(delegated.decisions) == 2
        listed = board.decision_list(s, frame, body="KS", meeting_date=BOARD_MEETING)
        assert len(listed.rows) == 2
        assert queries.burden(s, frame.id).median_days_to_decision is not None
        assert verify(s).ok
