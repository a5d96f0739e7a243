"""Helpers for the web tests: demo log-ins, a fake clock, a client factory, CSRF scraping."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core.db import transaction
from kraftsamling.core.settings import Settings
from kraftsamling.web.app import create_app

START = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)
ADMIN = ("admin@kraftsamling.example", "Demo-admin-2026")
COORDINATOR = ("samordnare@kraftsamling.example", "Demo-samordnare-2026")
OFFICER = ("handlaggare@kraftsamling.example", "Demo-handlaggare-2026")
VIEWER = ("lasare@kraftsamling.example", "Demo-lasare-2026")


@dataclass
class FakeClock:
    now: dt.datetime = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def make_client(
    factory: sessionmaker[Session], clock: FakeClock, environment: str = "test"
) -> TestClient:
    settings = Settings(environment=environment, DATABASE_URL="sqlite:///:memory:")  # type: ignore[arg-type]
    app = create_app(settings, session_factory=factory, policy=FAST_TEST_POLICY, clock=clock)
    scheme = "http" if environment == "development" else "https"
    return TestClient(app, base_url=f"{scheme}://testserver", follow_redirects=False)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)


def form_fields(html: str, action: str) -> dict[str, str]:
    """The hidden fields (CSRF and once tokens) of the page's form that posts to ``action``."""
    match = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>',
                      html, re.S)  # fmt: skip
    assert match, f"no form posting to {action} in the page"
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', match.group(1))
    return dict(hidden)


def login(client: TestClient, account: tuple[str, str], password: str | None = None) -> int:
    """Log in through the form; returns the status of the POST."""
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": account[0], "password": password or account[1], "csrf_token": token},
    )
    return response.status_code


def app_routes(routes: list[Any]) -> Iterator[tuple[str, str]]:
    """(method, path) of every route, including those of included routers (FastAPI nests them)."""
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            yield from app_routes(nested.routes)
        for method in getattr(route, "methods", None) or ():
            if method != "HEAD":
                yield method, route.path


# Fixtures for the folders whose tests need only the demo accounts: their conftest imports them.


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def seeded(session_factory: sessionmaker[Session], clock: FakeClock) -> sessionmaker[Session]:
    with transaction(session_factory) as session:
        seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=clock)
    return session_factory


@pytest.fixture
def client(seeded: sessionmaker[Session], clock: FakeClock) -> Iterator[TestClient]:
    with make_client(seeded, clock) as c:
        yield c
