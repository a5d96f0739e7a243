# ruff: noqa: E501 (the table is easier to check with one row per line)
"""Every route x every role x own/other organisation: allowed or refused, as one table.

Each principal gets a fresh database (SQLite and PostgreSQL) with the demo accounts, one more
officer in another committee, a finished index run and two selection rounds proposed by the
coordinator: round A in consultation with the own officer's committee (FRN) invited, round B
a draft. Then every row is requested in order, pages with the session cookie and a valid
CSRF token, the API with the principal's bearer token.

Outcomes, read off the response: ``ok`` (the handler ran: 2xx, 3xx elsewhere than the login
page, or 4xx for the empty test body), ``login`` (401, or 303 to /login), ``deny`` (403) and
``hide`` (404: another user's object is not even shown to exist). A table entry of ``ok``
with an empty body therefore proves only that authorisation let the request through.

A test also checks that the table names every route of the application, so a new route
cannot be added without deciding who may use it.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "targeting"))

from targeting_support import add_statistics, finished_run
from web_support import (
    ADMIN,
    COORDINATOR,
    OFFICER,
    VIEWER,
    FakeClock,
    app_routes,
    csrf_from,
    login,
    make_client,
)

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import ApiToken, User
from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core import audit
from kraftsamling.core.db import transaction
from kraftsamling.targeting import service as targeting

PRINCIPALS = ("anonymous", "viewer", "officer_own", "officer_other", "coordinator", "admin")
OTHER_OFFICER = ("grundskola@kraftsamling.example", "Annan-handlaggare-2026")
ACCOUNTS = {
    "viewer": VIEWER, "officer_own": OFFICER, "officer_other": OTHER_OFFICER,
    "coordinator": COORDINATOR, "admin": ADMIN,
}  # fmt: skip
COMMENT = {"stance": "support", "text": "Nämnden stöder förslaget.", "organisation": "FRN"}
DECISION = {"rationale": "Valda i samråd med nämnderna.", "decision_ref": "KS 2026-03-04 § 51"}

# method, route as declared, concrete path ({a}, {b}: rounds; {run}: index run; {token}: an
# API token of the own officer; {user}: the viewer's id), body, outcome per PRINCIPALS.
# Rows run in this order for each principal: state changes come after the reads they affect.
MATRIX: list[tuple[str, str, str, dict[str, Any] | None, str]] = [
    # public pages and API
    ("GET", "/", "/", None,                                   "ok     ok     ok     ok     ok     ok"),
    ("GET", "/login", "/login", None,                         "ok     ok     ok     ok     ok     ok"),
    ("POST", "/login", "/login", {},                          "ok     ok     ok     ok     ok     ok"),
    ("GET", "/public/map", "/public/map", None,               "ok     ok     ok     ok     ok     ok"),
    ("GET", "/public/areas/{code}", "/public/areas/T1", None, "ok     ok     ok     ok     ok     ok"),
    ("GET", "/public/index", "/public/index", None,           "ok     ok     ok     ok     ok     ok"),
    ("GET", "/public/targets", "/public/targets", None,       "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", None, "ok ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/map", "/api/v1/public/map", None, "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/areas/{code}", "/api/v1/public/areas/T1", None,
                                                              "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/index", "/api/v1/public/index", None,
                                                              "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/targets", "/api/v1/public/targets", None,
                                                              "ok     ok     ok     ok     ok     ok"),
    # own account
    ("GET", "/account/password", "/account/password", None,   "login  ok     ok     ok     ok     ok"),
    ("GET", "/account", "/account", None,                     "login  ok     ok     ok     ok     ok"),
    ("POST", "/account/password", "/account/password", {},    "login  ok     ok     ok     ok     ok"),
    ("GET", "/account/tokens", "/account/tokens", None,       "login  ok     ok     ok     ok     ok"),
    ("POST", "/account/tokens", "/account/tokens", {},        "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/me", "/api/v1/me", None,                 "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/organisations", "/api/v1/organisations", None,
                                                              "login  ok     ok     ok     ok     ok"),
    # areas and index runs: read by every role, runs created by the city office
    ("GET", "/areas", "/areas", None,                         "login  ok     ok     ok     ok     ok"),
    ("GET", "/areas/{code}", "/areas/T1", None,               "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/areas", "/api/v1/areas", None,           "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/areas/{code}", "/api/v1/areas/T1", None, "login  ok     ok     ok     ok     ok"),
    ("GET", "/index-runs", "/index-runs", None,               "login  ok     ok     ok     ok     ok"),
    ("GET", "/index-runs/compare", "/index-runs/compare", None, "login ok    ok     ok     ok     ok"),
    ("GET", "/index-runs/{run_id}", "/index-runs/{run}", None, "login ok     ok     ok     ok     ok"),
    ("GET", "/index-runs/new", "/index-runs/new", None,       "login  deny   deny   deny   ok     ok"),
    ("POST", "/index-runs", "/index-runs", {},                "login  deny   deny   deny   ok     ok"),
    ("GET", "/api/v1/index-runs", "/api/v1/index-runs", None, "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/index-runs/{run_id}", "/api/v1/index-runs/{run}", None,
                                                              "login  ok     ok     ok     ok     ok"),
    ("POST", "/api/v1/index-runs", "/api/v1/index-runs", {},  "login  deny   deny   deny   ok     ok"),
    # targeting: read by every role; comments by the invited committee's own officer (or the
    # city office on its behalf); everything else by the city office; never one's own decision
    ("GET", "/targeting", "/targeting", None,                 "login  ok     ok     ok     ok     ok"),
    ("GET", "/targeting/{round_id}", "/targeting/{a}", None,  "login  ok     ok     ok     ok     ok"),
    ("GET", "/targeting/new", "/targeting/new", None,         "login  deny   deny   deny   ok     ok"),
    ("POST", "/targeting", "/targeting", {},                  "login  deny   deny   deny   ok     ok"),
    ("POST", "/targeting/{round_id}/areas", "/targeting/{b}/areas", {},
                                                              "login  deny   deny   deny   ok     ok"),
    ("POST", "/targeting/{round_id}/consultation", "/targeting/{b}/consultation", {},
                                                              "login  deny   deny   deny   ok     ok"),
    ("POST", "/targeting/{round_id}/comments", "/targeting/{a}/comments", COMMENT,
                                                              "login  deny   ok     deny   ok     ok"),
    ("POST", "/targeting/{round_id}/finalise", "/targeting/{a}/finalise", DECISION,
                                                              "login  deny   deny   deny   deny   ok"),
    ("POST", "/targeting/{round_id}/cancel", "/targeting/{b}/cancel", {},
                                                              "login  deny   deny   deny   ok     ok"),
    ("GET", "/api/v1/targeting/current", "/api/v1/targeting/current", None,
                                                              "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/targeting/rounds", "/api/v1/targeting/rounds", None,
                                                              "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/targeting/rounds/{round_id}", "/api/v1/targeting/rounds/{a}", None,
                                                              "login  ok     ok     ok     ok     ok"),
    ("POST", "/api/v1/targeting/rounds", "/api/v1/targeting/rounds", {},
                                                              "login  deny   deny   deny   ok     ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/areas", "/api/v1/targeting/rounds/{b}/areas",
     {},                                                      "login  deny   deny   deny   ok     ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/consultation",
     "/api/v1/targeting/rounds/{b}/consultation", {},         "login  deny   deny   deny   ok     ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/comments",
     "/api/v1/targeting/rounds/{a}/comments", COMMENT,        "login  deny   ok     deny   ok     ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/finalise",
     "/api/v1/targeting/rounds/{a}/finalise", DECISION,       "login  deny   deny   deny   deny   ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/cancel", "/api/v1/targeting/rounds/{b}/cancel",
     {},                                                      "login  deny   deny   deny   ok     ok"),
    # the audit trail: the city office and admins
    ("GET", "/admin/audit", "/admin/audit", None,             "login  deny   deny   deny   ok     ok"),
    ("GET", "/admin/audit.csv", "/admin/audit.csv", None,     "login  deny   deny   deny   ok     ok"),
    ("POST", "/admin/audit.csv", "/admin/audit.csv", {},      "login  deny   deny   deny   ok     ok"),
    ("GET", "/api/v1/audit", "/api/v1/audit", None,           "login  deny   deny   deny   ok     ok"),
    # users: admins only; a token only by the user it belongs to
    ("GET", "/admin/users", "/admin/users", None,             "login  deny   deny   deny   deny   ok"),
    ("POST", "/admin/users", "/admin/users", {},              "login  deny   deny   deny   deny   ok"),
    ("GET", "/api/v1/users", "/api/v1/users", None,           "login  deny   deny   deny   deny   ok"),
    ("POST", "/admin/users/{user_id}/password", "/admin/users/{user}/password", {},
                                                              "login  deny   deny   deny   deny   ok"),
    ("POST", "/admin/users/{user_id}/deactivate", "/admin/users/{user}/deactivate", {},
                                                              "login  deny   deny   deny   deny   ok"),
    ("POST", "/admin/users/{user_id}/reactivate", "/admin/users/{user}/reactivate", {},
                                                              "login  deny   deny   deny   deny   ok"),
    ("POST", "/account/tokens/{token_id}/revoke", "/account/tokens/{token}/revoke", {},
                                                              "login  hide   ok     hide   hide   hide"),
    ("POST", "/logout", "/logout", {},                        "ok     ok     ok     ok     ok     ok"),
]  # fmt: skip


@dataclass(frozen=True)
class World:
    factory: sessionmaker[Session]
    ids: dict[str, int]
    tokens: dict[str, str]


def _build_world(factory: sessionmaker[Session], clock: FakeClock) -> World:
    with transaction(factory) as session:
        add_statistics(session)
        seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=clock)
        accounts.create_user(
            session, email=OTHER_OFFICER[0], name="Annan Handläggare", organisation_code="GRN",
            role="officer", password=OTHER_OFFICER[1], policy=FAST_TEST_POLICY, clock=clock,
            by=audit.SYSTEM,
        )  # fmt: skip
    run_id = finished_run(factory)
    with transaction(factory) as session:
        users = {u.email: u for u in session.scalars(select(User))}
        coordinator = users[COORDINATOR[0]]
        a = targeting.create_round(session, run_id=run_id, k=3, title="A", user=coordinator,
                                   clock=clock)  # fmt: skip
        targeting.open_consultation(
            session, round_id=a.id, organisation_codes=["FRN"], user=coordinator,
            deadline=(clock() + dt.timedelta(days=14)).date(), clock=clock,
        )  # fmt: skip
        b = targeting.create_round(session, run_id=run_id, k=3, title="B", user=coordinator,
                                   clock=clock)  # fmt: skip
        tokens = {
            who: accounts.create_api_token(
                session, user=users[account[0]], name="matris", clock=clock
            )[0]
            for who, account in ACCOUNTS.items()
        }
        own_token = session.scalars(
            select(ApiToken).where(ApiToken.user_id == users[OFFICER[0]].id)
        ).one()
        ids = {"run": run_id, "a": a.id, "b": b.id, "token": own_token.id,
               "user": users[VIEWER[0]].id}  # fmt: skip
    return World(factory, ids, tokens)


def _outcome(response: Any) -> str:
    status = response.status_code
    assert status < 500, f"{status}: {response.text[:300]}"
    location = response.headers.get("location", "")
    if status == 401 or (300 <= status < 400 and urlsplit(location).path == "/login"):
        return "login"
    return {403: "deny", 404: "hide"}.get(status, "ok")


def _request(client: TestClient, world: World, who: str, row: tuple[Any, ...]) -> str:
    method, _, path, body, _ = row
    url = path.format(**world.ids)
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {world.tokens[who]}"} if who in world.tokens else {}
        if method == "GET":
            return _outcome(client.get(url, headers=headers))
        return _outcome(client.post(url, json=body, headers=headers))
    if method == "GET":
        return _outcome(client.get(url))
    token = csrf_from(client.get("/login" if who == "anonymous" else "/").text)
    return _outcome(client.post(url, data={**(body or {}), "csrf_token": token}))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def world(session_factory: sessionmaker[Session], clock: FakeClock) -> World:
    return _build_world(session_factory, clock)


@pytest.mark.parametrize("who", PRINCIPALS)
def test_every_route_allows_or_refuses_as_the_table_says(
    who: str, world: World, clock: FakeClock
) -> None:
    column = PRINCIPALS.index(who)
    got, expected = {}, {}
    with make_client(world.factory, clock) as client:
        if who in ACCOUNTS:
            assert login(client, ACCOUNTS[who]) == 303
        for row in MATRIX:
            key = f"{row[0]} {row[2]}"
            expected[key] = row[4].split()[column]
            got[key] = _request(client, world, who, row)
    wrong = {k: f"got {got[k]}, table says {v}" for k, v in expected.items() if got[k] != v}
    assert wrong == {}


def test_the_table_names_every_route_once(clock: FakeClock) -> None:
    from kraftsamling.core.settings import Settings
    from kraftsamling.web.app import create_app

    app = create_app(Settings(environment="test", DATABASE_URL="sqlite:///:memory:"))  # type: ignore[arg-type]
    declared = [(row[0], row[1]) for row in MATRIX]
    assert len(declared) == len(set(declared)), "a route is in the table twice"
    assert set(declared) == set(app_routes(app.routes))
    assert all(len(row[4].split()) == len(PRINCIPALS) for row in MATRIX)
