"""Fixtures for the statistics-client tests."""

from __future__ import annotations

import pytest
from sources_fakes import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def _no_network_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # a developer's shell may allow the network; tests must not depend on it
    monkeypatch.delenv("KRAFTSAMLING_ALLOW_NETWORK", raising=False)
