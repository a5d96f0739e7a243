"""The public map's "latest year" passes over a year that only a partial import reached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.core.db import transaction
from kraftsamling.core.settings import Settings
from kraftsamling.stats.models import Area, Observation
from kraftsamling.web.app import create_app

NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def thin_client(city_data: sessionmaker[Session]) -> Iterator[TestClient]:
    """The test city with one more share_x value, for S1 only (1 of 3 sub-areas), in 2024."""
    with transaction(city_data) as session:
        s1 = session.scalars(select(Area).where(Area.code == "S1")).one()
        session.add(Observation(area_id=s1.id, indicator_id="share_x", year=2024, value=55.0,
                                numerator=11, denominator=20))  # fmt: skip
    settings = Settings(environment="test", DATABASE_URL="sqlite:///:memory:")  # type: ignore[arg-type]
    app = create_app(
        settings, session_factory=city_data, policy=FAST_TEST_POLICY, clock=lambda: NOW
    )
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        yield c


def test_the_latest_year_is_the_newest_well_covered_one(thin_client: TestClient) -> None:
    page = thin_client.get("/public/map?indicator=share_x").text
    assert '<option value="2023" selected>2023</option>' in page
    assert '<option value="2024">2024 (värden för färre än hälften av delområdena)</option>' in page
    assert "minst hälften av delområdena" in page  # the rule is stated beside the choice
    assert page.count('fill="#ffffff"') <= 1  # the legend swatch only: every area has a value
    data = thin_client.get("/api/v1/public/map?indicator=share_x").json()
    assert (data["year"], data["years"], data["thin_years"]) == (2023, [2022, 2023, 2024], [2024])


def test_a_thin_year_can_still_be_chosen_and_says_why_areas_are_empty(
    thin_client: TestClient,
) -> None:
    page = thin_client.get("/public/map?indicator=share_x&year=2024").text
    assert '<option value="2024" selected>' in page
    assert "2024 har värden för färre än hälften av delområdena" in page
    english = thin_client.get("/public/map?indicator=share_x&lang=en").text
    assert "at least half of the sub-areas" in english
    assert "2024 (values for fewer than half of the sub-areas)" in english


def test_a_well_covered_map_has_no_thin_years(client: TestClient) -> None:
    data = client.get("/api/v1/public/map?indicator=share_x").json()
    assert (data["year"], data["thin_years"]) == (2023, [])
