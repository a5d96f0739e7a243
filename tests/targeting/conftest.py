"""A tiny finished index run, the demo accounts, a fake clock and a web client over them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from targeting_support import add_statistics, finished_run
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
        add_statistics(session)
        seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=clock)
    return session_factory


@pytest.fixture
def run_id(seeded: sessionmaker[Session]) -> int:
    return finished_run(seeded)


@pytest.fixture
def client(seeded: sessionmaker[Session], clock: FakeClock, run_id: int) -> Iterator[TestClient]:
    with make_client(seeded, clock) as c:
        yield c
