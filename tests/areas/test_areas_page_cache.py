"""Cached pages: one entry serves every user of a role, and any audited write renews it."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from web_support import OFFICER, VIEWER, FakeClock, csrf_from, login, make_client

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import User, WebSession
from kraftsamling.accounts.secrets import FAST_TEST_POLICY, as_utc
from kraftsamling.core import audit
from kraftsamling.core.db import transaction
from kraftsamling.stats.models import Area
from kraftsamling.web.page_cache import MARK_CSRF, MARK_NAME, PageCache, data_version_query

NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)
SECOND_VIEWER = ("revisor@kraftsamling.example", "Revisor-lasare-2026")


def _cache(client: TestClient) -> PageCache:
    cache: PageCache = client.app.state.page_cache  # type: ignore[attr-defined]
    return cache


def test_one_entry_serves_two_users_of_a_role_each_with_their_own_name_and_token(
    client: TestClient, city_data: sessionmaker[Session]
) -> None:
    with transaction(city_data) as session:
        accounts.create_user(
            session, email=SECOND_VIEWER[0], name="Revisor <Ö>", organisation_code="KS",
            role="viewer", password=SECOND_VIEWER[1], policy=FAST_TEST_POLICY,
            clock=lambda: NOW, by=audit.SYSTEM,
        )  # fmt: skip
    pages = []
    for account in (VIEWER, SECOND_VIEWER):
        client.cookies.clear()
        assert login(client, account) == 303
        response = client.get("/areas/S3")
        assert response.status_code == 200
        pages.append(response.text)
    cache = _cache(client)
    assert (cache.misses, cache.hits, cache.early_hits) == (1, 1, 1)
    first, second = pages
    assert "Demo Läsare" in first and "Revisor &lt;Ö&gt;" in second
    assert "Revisor" not in first and "Demo Läsare" not in second
    assert csrf_from(first) != csrf_from(second)
    assert MARK_CSRF not in second and MARK_NAME not in second
    # Apart from the name and the token, the two answers are the same page.
    strip = re.compile(r'value="[^"]+"|Inloggad som [^<]+')
    assert strip.sub("", first) == strip.sub("", second)


def test_an_audited_change_renews_the_page(
    client: TestClient, city_data: sessionmaker[Session]
) -> None:
    assert "Hamnen" in client.get("/public/areas/S3").text
    assert "Hamnen" in client.get("/public/areas/S3").text
    assert _cache(client).hits == 1
    with transaction(city_data) as session:
        area = session.scalars(select(Area).where(Area.code == "S3")).one()
        area.name = "Nya hamnen"
        audit.record(session, actor=audit.SYSTEM, action="update", object_type="area",
                     object_id=area.id, after={"name": area.name})  # fmt: skip
    assert "Nya hamnen" in client.get("/public/areas/S3").text
    assert _cache(client).misses == 2


def test_the_cache_forgets_the_least_recently_used_page() -> None:
    cache = PageCache(max_entries=2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # "b" is now the least recently used
    cache.put("c", "C")
    assert (cache.get("b"), cache.get("a"), cache.get("c")) == (None, "A", "C")
    assert len(cache) == 2


# ---------------------------------------------------------------- answered before routing


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def timed_client(city_data: sessionmaker[Session], clock: FakeClock) -> Iterator[TestClient]:
    with make_client(city_data, clock) as c:
        yield c


def _cached_for_viewer(client: TestClient, path: str = "/areas/S3") -> str:
    """Sign in as the viewer and have ``path`` rendered once; returns that first page."""
    assert login(client, VIEWER) == 303
    first = client.get(path)
    assert first.status_code == 200
    assert _cache(client).early_hits == 0
    return first.text


def test_a_cached_page_is_answered_before_routing_with_the_same_content_and_headers(
    timed_client: TestClient,
) -> None:
    first = _cached_for_viewer(timed_client)
    again = timed_client.get("/areas/S3")
    assert again.status_code == 200
    assert _cache(timed_client).early_hits == 1
    assert again.text == first
    for header in ("content-security-policy", "x-request-id", "x-content-type-options"):
        assert header in again.headers
    assert again.headers["cache-control"] == "no-store"
    assert again.headers["x-request-id"] != timed_client.get("/areas/S3").headers["x-request-id"]


def test_an_early_answer_needs_the_same_query_string_and_language(
    timed_client: TestClient,
) -> None:
    _cached_for_viewer(timed_client)
    english = timed_client.get("/areas/S3?lang=en")
    assert english.status_code == 200 and 'lang="en"' in english.text
    assert _cache(timed_client).early_hits == 0
    timed_client.get("/areas/S3?lang=sv")  # back to Swedish: a query string of its own
    assert _cache(timed_client).early_hits == 0
    assert timed_client.get("/areas/S3?lang=sv").status_code == 200
    assert _cache(timed_client).early_hits == 1


def test_no_one_the_handler_would_refuse_gets_a_cached_page(
    timed_client: TestClient, city_data: sessionmaker[Session]
) -> None:
    _cached_for_viewer(timed_client)
    cookie = timed_client.cookies[_session_cookie_name(timed_client)]
    # Anonymous: the entry is the viewer role's, so the handler answers, and refuses.
    anonymous = TestClient(timed_client.app, base_url="https://testserver", follow_redirects=False)
    refused = anonymous.get("/areas/S3")
    assert refused.status_code in (303, 401) and "Hamnen" not in refused.text
    # Logged out: the old cookie no longer opens the page.
    token = csrf_from(timed_client.get("/areas/S3").text)
    assert timed_client.post("/logout", data={"csrf_token": token}).status_code == 303
    timed_client.cookies.set(_session_cookie_name(timed_client), cookie)
    assert timed_client.get("/areas/S3").status_code in (303, 401)
    assert _cache(timed_client).early_hits == 1  # only the page fetched for the form's token


def test_a_deactivated_user_or_one_who_must_change_password_goes_the_full_way(
    timed_client: TestClient, city_data: sessionmaker[Session]
) -> None:
    _cached_for_viewer(timed_client)
    with transaction(city_data) as session:
        user = session.scalars(select(User).where(User.email == VIEWER[0])).one()
        user.must_change_password = True
    pending = timed_client.get("/areas/S3")
    # The log-in page forwards a pending session to the password page.
    assert pending.status_code == 303 and pending.headers["location"].startswith("/login")
    with transaction(city_data) as session:
        user = session.scalars(select(User).where(User.email == VIEWER[0])).one()
        user.must_change_password, user.active = False, False
    assert timed_client.get("/areas/S3").status_code in (303, 401)
    assert _cache(timed_client).early_hits == 0


def test_an_idle_session_is_refused_and_a_due_activity_write_still_happens(
    timed_client: TestClient, city_data: sessionmaker[Session], clock: FakeClock
) -> None:
    _cached_for_viewer(timed_client)
    clock.advance(minutes=5)  # due its once-a-minute write: the full path records it
    assert timed_client.get("/areas/S3").status_code == 200
    assert _cache(timed_client).early_hits == 0
    with city_data() as session:
        seen = session.scalars(select(WebSession.last_seen_at)).one()
        assert as_utc(seen) == clock.now
    assert timed_client.get("/areas/S3").status_code == 200
    assert _cache(timed_client).early_hits == 1
    clock.advance(minutes=31)  # beyond the idle timeout
    assert timed_client.get("/areas/S3").status_code in (303, 401)
    assert _cache(timed_client).early_hits == 1


def test_each_role_has_its_own_entry(timed_client: TestClient) -> None:
    _cached_for_viewer(timed_client)
    timed_client.cookies.clear()
    assert login(timed_client, OFFICER) == 303
    assert timed_client.get("/areas/S3").status_code == 200
    cache = _cache(timed_client)
    assert (cache.early_hits, cache.misses, len(cache)) == (0, 2, 2)


def _session_cookie_name(client: TestClient) -> str:
    config = client.app.state.config  # type: ignore[attr-defined]
    name: str = config.session_cookie
    return name


def test_query_parameters_the_page_does_not_read_are_answered_but_not_kept(
    timed_client: TestClient,
) -> None:
    # The key is the raw query string: were these kept, ?x=1, ?x=2 ... would push every real
    # page out of the cache.
    for n in range(5):
        assert timed_client.get(f"/public/map?x={n}").status_code == 200
    assert timed_client.get("/public/map?year=2023&year=2023").status_code == 200
    assert len(_cache(timed_client)) == 0
    assert timed_client.get("/public/map?indicator=share_x&lang=sv").status_code == 200
    assert len(_cache(timed_client)) == 1


def test_a_role_changed_mid_session_gets_its_new_role_s_page(
    timed_client: TestClient, city_data: sessionmaker[Session]
) -> None:
    _cached_for_viewer(timed_client)
    with transaction(city_data) as session:
        user = session.scalars(select(User).where(User.email == VIEWER[0])).one()
        user.role = "officer"
    assert timed_client.get("/areas/S3").status_code == 200
    cache = _cache(timed_client)
    assert (cache.early_hits, len(cache)) == (0, 2)  # rendered again, for the officer role


def test_the_data_version_is_read_through_the_partial_index(
    city_data: sessionmaker[Session],
) -> None:
    # Without it the lookup walks back over every log-in since the last data write (40 ms at
    # 200,000 log-ins on SQLite; 0.13 ms with it). SQLite uses a partial index only when the
    # query repeats its condition literally, so this fails if either side drifts.
    with city_data() as session:
        if session.bind.dialect.name != "sqlite":  # type: ignore[union-attr]
            pytest.skip("the plan check reads SQLite's EXPLAIN QUERY PLAN")
        query = data_version_query().compile(compile_kwargs={"literal_binds": True})
        plan = session.execute(text(f"EXPLAIN QUERY PLAN {query}")).all()
    assert any("ix_audit_entries_data" in str(step) for step in plan), plan
