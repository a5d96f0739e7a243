"""A tiny synthetic city (three sub-areas in two districts) and a web client over it.

Hand-computed figures the tests rely on:

* ``share_x`` 2022: S1 10/20, S2 30/40, S3 5/40, so the city is 45/100 = 45.0 % (the mean of
  the three percentages, 45.83 %, would be wrong); 2023: 12/20, 20/40, 10/40 -> 42/100 = 42.0 %.
* ``count_y`` 2023: S1 3 (under 5: hidden), S2 40, S3 20; districts D1 = S1 + S2 = 43 and
  D2 = S3 = 20; city 63. Secondary suppression must then hide S2 too (S1's only sibling), or
  43 - 40 would give S1 away; S3 can stay public (S1 and S2 are then two unknowns in every sum).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core.db import transaction
from kraftsamling.core.settings import Settings
from kraftsamling.stats.models import Area, Indicator, Observation
from kraftsamling.web.app import create_app

NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)


def square(west: float, south: float, size: float = 0.01) -> str:
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def insert_city(session: Session) -> None:
    city = Area(code="1280", name="Teststad", level="municipality", synthetic=True)
    d1 = Area(code="D1", name="Norra", level="district", parent=city, synthetic=True)
    d2 = Area(code="D2", name="Södra", level="district", parent=city, synthetic=True)
    places = {
        "S1": ("Ängen", d1, square(13.0, 55.61)),
        "S2": ("Backen", d1, square(13.01, 55.61)),
        "S3": ("Hamnen", d2, square(13.0, 55.6)),
    }
    subs = {
        code: Area(code=code, name=name, level="sub_area", parent=parent, boundary=shape)
        for code, (name, parent, shape) in places.items()
    }
    for sub in subs.values():
        sub.synthetic = True
    session.add_all([city, d1, d2, *subs.values()])
    session.add_all(
        [
            Indicator(id="share_x", name_sv="Andel X", name_en="Share X", unit="percent",
                      direction="higher_is_worse", is_share=True),
            Indicator(id="count_y", name_sv="Antal Y", name_en="Count Y", unit="count",
                      direction="higher_is_worse", is_share=False),
        ]
    )  # fmt: skip
    session.flush()
    shares = {
        2022: {"S1": (10, 20), "S2": (30, 40), "S3": (5, 40)},
        2023: {"S1": (12, 20), "S2": (20, 40), "S3": (10, 40)},
    }
    for year, by_area in shares.items():
        for code, (num, den) in by_area.items():
            session.add(
                Observation(area_id=subs[code].id, indicator_id="share_x", year=year,
                            value=100 * num / den, numerator=num, denominator=den)
            )  # fmt: skip
    for code, count in {"S1": 3, "S2": 40, "S3": 20}.items():
        session.add(
            Observation(area_id=subs[code].id, indicator_id="count_y", year=2023, value=count)
        )


@pytest.fixture
def city_data(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with transaction(session_factory) as session:
        insert_city(session)
        seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=lambda: NOW)
    return session_factory


@pytest.fixture
def client(city_data: sessionmaker[Session]) -> Iterator[TestClient]:
    settings = Settings(environment="test", DATABASE_URL="sqlite:///:memory:")  # type: ignore[arg-type]
    app = create_app(
        settings, session_factory=city_data, policy=FAST_TEST_POLICY, clock=lambda: NOW
    )
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        yield c
