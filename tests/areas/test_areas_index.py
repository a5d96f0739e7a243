"""The reference run on the area profiles and the area API (internal with a token, public open).

The index over the test city (``stad``: share_x and count_y summed, 2023):

* share_x 60 %, 50 %, 25 % -> percentile ranks S1 1.0, S2 0.5, S3 0.0;
* count_y 3, 40, 20 -> S1 0.0, S2 1.0, S3 0.5;
* scores S1 1.0, S2 1.5, S3 0.5, so S2 is rank 1, S1 rank 2 and S3 rank 3.

count_y 2023 is hidden on the public pages for S1 (a small count) and S2 (its partner), so
their public drivers leave it out.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from area_support import log_in
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import User
from kraftsamling.areas import service
from kraftsamling.core.db import transaction
from kraftsamling.runs import service as runs

CITY_SPEC = """
[index]
id = "stad"
name = "Stadsindex"
id_column = "area_code"

[[indicator]]
id = "share_x"
direction = "higher_is_worse"

[[indicator]]
id = "count_y"
direction = "higher_is_worse"
"""
NBSP = "\u00a0"
NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)  # the client's clock (tests/areas/conftest.py)


@pytest.fixture
def run_id(city_data: sessionmaker[Session]) -> int:
    with transaction(city_data) as session:
        new = runs.create_run(session, spec_toml=CITY_SPEC, year=2023, n_draws=10, user=None)
        new_id = new.id
    runs.execute_run(city_data, new_id, n_jobs=1, clock=lambda: NOW)
    return new_id


def _bearer(factory: sessionmaker[Session]) -> dict[str, str]:
    with transaction(factory) as session:
        user = session.scalars(select(User).where(User.role == "viewer")).first()
        assert user is not None
        plain, _ = accounts.create_api_token(session, user=user, name="t", clock=lambda: NOW)
    return {"Authorization": f"Bearer {plain}"}


def test_profile_service_carries_the_reference_run(
    city_data: sessionmaker[Session], run_id: int
) -> None:
    with city_data() as session:
        inside = service.area_profile(session, code="S1", public=False)
        public = service.area_profile(session, code="S1", public=True)
        district = service.area_profile(session, code="D1", public=True)
    assert inside.index is not None and public.index is not None and district.index is not None
    assert (inside.index.run_id, inside.index.rank, inside.index.n_ranked) == (run_id, 2, 3)
    assert [d.column for d in inside.index.drivers] == ["share_x", "count_y"]
    assert [d.column for d in public.index.drivers] == ["share_x"]
    assert public.index.withheld == 1
    assert district.index.status == "not_in_run"


def test_internal_profile_shows_score_rank_interval_and_drivers(
    client: TestClient, run_id: int
) -> None:
    log_in(client)
    text = client.get("/areas/S1").text
    section = text.split('<section class="area-index"', 1)[1].split("</section>", 1)[0]
    assert "<dt>Poäng</dt><dd>1,000</dd>" in section
    assert "<dd>2 av 3</dd>" in section
    assert 'aria-label="Rang 2 till 3 i 90 % av dragningarna"' in section
    assert "Rang 2 till 3 i 90 % av dragningarna (medianrang 2)" in section
    assert f'<a href="/index-runs/{run_id}">' in section and "Stadsindex" in section
    assert "Poängen drivs främst av: Andel X och Antal Y." in section
    drivers = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>'
                         r"\s*<td>([^<]+)</td>", section)  # fmt: skip
    assert drivers == [
        ("Andel X", f"50,0{NBSP}%", "1,00", "0,500"),
        ("Antal Y", f"50,0{NBSP}%", "0,00", "0,000"),
    ]
    # The interval text comes before the profile's indicator charts.
    assert text.index("area-index") < text.index("Indikatorer över tid")


def test_public_profile_withholds_hidden_indicators_and_links_the_method(
    client: TestClient, run_id: int
) -> None:
    text = client.get("/public/areas/S1").text
    section = text.split('<section class="area-index"', 1)[1].split("</section>", 1)[0]
    assert "<dd>2 av 3</dd>" in section
    assert "Poängen drivs främst av: Andel X." in section and "Antal Y" not in section
    assert "1 indikator(er) visas inte här" in section
    assert '<a href="/public/index">Så byggs indexet</a>' in section
    assert "/index-runs/" not in text
    safe = client.get("/public/areas/S3").text
    assert "Poängen drivs främst av: Antal Y och Andel X." in safe


def test_areas_outside_the_run_and_before_any_run(
    client: TestClient, city_data: sessionmaker[Session]
) -> None:
    assert "Det finns ännu ingen färdig indexkörning" in client.get("/public/areas/S1").text
    with transaction(city_data) as session:
        new = runs.create_run(session, spec_toml=CITY_SPEC, year=2023, n_draws=5, user=None)
        new_id = new.id
    runs.execute_run(city_data, new_id, n_jobs=1)
    district = client.get("/public/areas/D1").text
    assert "ingår inte i referenskörningen, som rangordnar områden på nivån delområde" in district
    english = client.get("/public/areas/S3?lang=en").text
    assert "The score is driven mainly by: Count Y and Share X." in english


def test_area_api_needs_a_token(client: TestClient) -> None:
    for path in ("/api/v1/areas", "/api/v1/areas/S1", "/api/v1/areas?level=district"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json() == {
            "error": {"code": "unauthenticated", "message": response.json()["error"]["message"]}
        }


def test_area_api_lists_and_profiles_with_a_token(
    client: TestClient, city_data: sessionmaker[Session], run_id: int
) -> None:
    auth = _bearer(city_data)
    listing = client.get("/api/v1/areas?level=district", headers=auth).json()
    assert listing["level"] == "district" and listing["synthetic"] is True
    assert [(a["code"], a["parent"]["code"]) for a in listing["areas"]] == [
        ("D1", "1280"),
        ("D2", "1280"),
    ]
    profile = client.get("/api/v1/areas/S1", headers=auth).json()
    count = next(s for s in profile["series"] if s["id"] == "count_y")
    assert count["points"] == [{"year": 2023, "value": 3.0, "city": 63.0, "hidden": None}]
    index = profile["index"]
    assert (index["run_id"], index["rank"], index["rank_p05"], index["rank_p95"]) == (
        run_id, 2, 2, 3,
    )  # fmt: skip
    assert [d["id"] for d in index["drivers"]] == ["share_x", "count_y"]
    assert index["drivers"][0]["name_sv"] == "Andel X"
    bad = client.get("/api/v1/areas?level=planet", headers=auth)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    missing = client.get("/api/v1/areas/NOPE", headers=auth)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_public_area_api_is_open_and_disclosure_controlled(client: TestClient, run_id: int) -> None:
    profile = client.get("/api/v1/public/areas/S1").json()
    count = next(s for s in profile["series"] if s["id"] == "count_y")
    assert count["points"] == [{"year": 2023, "value": None, "city": 63.0, "hidden": "primary"}]
    assert profile["public"] is True
    index = profile["index"]
    assert index["run_id"] is None and index["withheld"] == 1
    assert [d["id"] for d in index["drivers"]] == ["share_x"]
    assert client.get("/api/v1/public/areas/NOPE").status_code == 404


def test_public_map_api_matches_the_public_map(client: TestClient) -> None:
    body = client.get("/api/v1/public/map?indicator=count_y&year=2023").json()
    assert body["indicator"]["id"] == "count_y" and body["year"] == 2023
    cells = {a["code"]: (a["value"], a["hidden"]) for a in body["areas"]}
    assert cells == {"S1": (None, "primary"), "S2": (None, "secondary"), "S3": (20.0, None)}
    assert body["years"] == [2023] and body["synthetic"] is True
    default = client.get("/api/v1/public/map").json()
    assert (default["indicator"]["id"], default["year"]) == ("count_y", 2023)
    for path, status in (("/api/v1/public/map?year=abc", 422),
                         ("/api/v1/public/map?indicator=share_x&year=1999", 404)):  # fmt: skip
        response = client.get(path)
        assert response.status_code == status, path
        assert set(response.json()["error"]) == {"code", "message"}


def test_public_map_links_to_the_method_page(client: TestClient) -> None:
    assert '<a href="/public/index">Så byggs indexet</a>' in client.get("/public/map").text
