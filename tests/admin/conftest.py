"""A web app over the test database with the demo accounts, a fake clock and cheap argon2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from web_support import FakeClock, make_client

from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core.db import transaction


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def seeded(session_factory: sessionmaker[Session], clock: FakeClock) -> sessionmaker[Session]:
    with transaction(session_factory) as session:
        seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=clock)
    return session_factory


@pytest.fixture
def client(seeded: sessionmaker[Session], clock: FakeClock) -> Iterator[TestClient]:
    with make_client(seeded, clock) as c:
        yield c
