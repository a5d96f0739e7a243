"""Cached pages: one entry serves every user of a role, and any audited write renews it."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from web_support import VIEWER, csrf_from, login

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.core import audit
from kraftsamling.core.db import transaction
from kraftsamling.stats.models import Area
from kraftsamling.web.page_cache import MARK_CSRF, MARK_NAME, PageCache

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
    assert (cache.misses, cache.hits) == (1, 1)
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
