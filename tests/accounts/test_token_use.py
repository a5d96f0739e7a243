"""An API token's last use is written at most once a minute, so API clients never queue on the
token's row (or SQLite's write lock) for reads."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts import service
from kraftsamling.accounts.models import ApiToken, User
from kraftsamling.accounts.secrets import FAST_TEST_POLICY, as_utc
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core.db import transaction

T0 = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)


def test_last_use_is_written_once_a_minute(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as s:
        seed_demo_accounts(s, policy=FAST_TEST_POLICY, clock=lambda: T0)
        officer = s.scalars(
            select(User).where(User.email == "handlaggare@kraftsamling.example")
        ).one()
        plain, _ = service.create_api_token(s, user=officer, name="skript", clock=lambda: T0)
    seen = []
    for seconds in (0, 30, 59, 61, 90, 125):
        at = T0 + dt.timedelta(seconds=seconds)
        with transaction(session_factory) as s:
            assert service.resolve_api_token(s, plain=plain, clock=lambda at=at: at) is not None
            dirty = bool(s.dirty)
        with session_factory() as s:
            used = s.scalars(select(ApiToken.last_used_at)).one()
            seen.append((seconds, dirty, as_utc(used) if used else None))
    written = [sec for sec, dirty, _ in seen if dirty]
    assert written == [0, 61, 125]
    assert seen[-1][2] == T0 + dt.timedelta(seconds=125)
