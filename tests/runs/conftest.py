"""Tiny statistics (six sub-areas, two indicators, two years), a tiny spec, and a web client
whose index runs are computed inline, so tests see finished runs without waiting."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from runs_support import TINY_SPEC, add_statistics
from web_support import FakeClock, make_client

from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core.db import transaction


class InlineExecutor:
    """Runs submitted work at once, in the caller's thread."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> None:
        fn(*args, **kwargs)


@pytest.fixture
def spec_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "tiny.toml").write_text(TINY_SPEC, encoding="utf-8")
    return folder


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def stats(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with transaction(session_factory) as session:
        add_statistics(session)
    return session_factory


@pytest.fixture
def seeded(stats: sessionmaker[Session], clock: FakeClock) -> sessionmaker[Session]:
    with transaction(stats) as session:
        seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=clock)
    return stats


@pytest.fixture
def client(
    seeded: sessionmaker[Session], clock: FakeClock, spec_folder: Path
) -> Iterator[TestClient]:
    with make_client(seeded, clock) as c:
        c.app.state.run_executor = InlineExecutor()  # type: ignore[attr-defined]
        c.app.state.spec_folder = spec_folder  # type: ignore[attr-defined]
        yield c
