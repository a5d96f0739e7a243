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

from runs_support import TINY_SPEC
from web_support import FakeClock, make_client

from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core.db import transaction
from kraftsamling.stats.models import Area, Indicator, Observation

CODES = ["A1", "A2", "A3", "A4", "A5", "A6"]
# Both indicators agree, so every Monte Carlo draw ranks the areas alike: in 2024 A1 is the
# most vulnerable (rank 1) down to A6 (rank 6); in 2023 A1 and A2 are swapped.
POVERTY = {2024: [60, 50, 40, 30, 20, 10], 2023: [50, 60, 40, 30, 20, 10]}
JOBS = {2024: [10, 20, 30, 40, 50, 60], 2023: [20, 10, 30, 40, 50, 60]}


class InlineExecutor:
    """Runs submitted work at once, in the caller's thread."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> None:
        fn(*args, **kwargs)


def add_statistics(session: Session) -> None:
    areas = [Area(code=c, name=f"Område {c}", level="sub_area") for c in CODES]
    session.add_all(areas)
    session.add_all([
        Indicator(id="poverty", name_sv="Fattigdom", unit="percent", direction="higher_is_worse"),
        Indicator(id="jobs", name_sv="Sysselsättning", unit="percent",
                  direction="higher_is_better"),
    ])  # fmt: skip
    session.flush()
    for year in (2023, 2024):
        for area, pov, job in zip(areas, POVERTY[year], JOBS[year], strict=True):
            session.add(Observation(area_id=area.id, indicator_id="poverty", year=year, value=pov))
            session.add(Observation(area_id=area.id, indicator_id="jobs", year=year, value=job))


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
