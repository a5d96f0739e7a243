"""Fixtures of the fund tests: the fund's world on each backend and a clock to move."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from funds_support import build
from web_support import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def world(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    build(session_factory)
    return session_factory
