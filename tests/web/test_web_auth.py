"""Logging in and out, session lifetimes, CSRF, throttling and password change."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import ADMIN, OFFICER, VIEWER, FakeClock, csrf_from, login, make_client

from kraftsamling.accounts.models import User, WebSession
from kraftsamling.core.audit import AuditEntry

SESSION = "__Host-session"


def test_login_success_sets_a_host_prefixed_secure_cookie(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": OFFICER[0], "password": OFFICER[1], "csrf_token": token, "next": "/"},
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION}=")
    for attribute in ("HttpOnly", "Secure", "Path=/", "SameSite=lax"):
        assert attribute.lower() in cookie.lower()
    assert "Domain" not in cookie  # forbidden for __Host- cookies
    assert "Inloggad som Demo Handläggare (handläggare)" in client.get("/").text


def test_login_failure_shows_swedish_message_and_sets_no_session(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login", data={"email": OFFICER[0], "password": "wrong-password-1", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Fel e-postadress eller lösenord." in response.text
    assert SESSION not in client.cookies


def test_email_is_matched_without_regard_to_case(client: TestClient) -> None:
    assert login(client, (OFFICER[0].upper(), OFFICER[1])) == 303


def test_logout_revokes_the_server_side_session(client: TestClient) -> None:
    assert login(client, OFFICER) == 303
    stolen = client.cookies.get(SESSION)
    token = csrf_from(client.get("/account/password").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    # Replaying the old cookie must not work: the session row is revoked, not just forgotten.
    client.cookies.set(SESSION, stolen, domain="testserver", path="/")
    response = client.get("/account/password")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Faccount%2Fpassword"


def test_idle_timeout_after_30_minutes(client: TestClient, clock: FakeClock) -> None:
    assert login(client, OFFICER) == 303
    clock.advance(minutes=29)
    assert client.get("/account/password").status_code == 200  # activity renews the idle clock
    clock.advance(minutes=29)
    assert client.get("/account/password").status_code == 200
    clock.advance(minutes=30, seconds=1)
    assert client.get("/account/password").status_code == 303


def test_absolute_timeout_after_12_hours_despite_activity(
    client: TestClient, clock: FakeClock
) -> None:
    assert login(client, OFFICER) == 303
    for _ in range(24):  # 24 x 25 min = 10 h of steady activity
        clock.advance(minutes=25)
        assert client.get("/account/password").status_code == 200
    clock.advance(minutes=25)  # 10 h 25 min
    assert client.get("/account/password").status_code == 200
    clock.advance(minutes=25 * 4)  # 12 h 5 min, each step under the idle limit is not enough
    assert client.get("/account/password").status_code == 303


def test_absolute_timeout_boundary(client: TestClient, clock: FakeClock) -> None:
    assert login(client, OFFICER) == 303
    for _ in range(24):  # exactly 12 h after login, in 30-minute steps
        clock.advance(minutes=30)
        assert client.get("/account/password").status_code == 200
    clock.advance(seconds=1)
    assert client.get("/account/password").status_code == 303


CSRF_CASES = [
    ("/logout", {}),
    ("/account/password", {"current_password": OFFICER[1], "new_password": "x" * 20}),
    ("/account/tokens", {"name": "script"}),
]


def test_post_without_csrf_token_is_refused_403_in_swedish(client: TestClient) -> None:
    response = client.post("/login", data={"email": OFFICER[0], "password": OFFICER[1]})
    assert response.status_code == 403
    assert SESSION not in client.cookies
    assert login(client, OFFICER) == 303
    for path, data in CSRF_CASES:
        response = client.post(path, data=data)
        assert response.status_code == 403, path
        assert "Formuläret saknade en giltig säkerhetskod" in response.text
        assert '<html lang="sv">' in response.text
    assert client.get("/account/password").status_code == 200  # logout was refused too


def test_post_with_another_sessions_csrf_token_is_refused(
    seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with make_client(seeded, clock) as alice, make_client(seeded, clock) as bob:
        assert login(alice, OFFICER) == 303
        assert login(bob, VIEWER) == 303
        bobs_token = csrf_from(bob.get("/account/tokens").text)
        response = alice.post("/account/tokens", data={"name": "x", "csrf_token": bobs_token})
    assert response.status_code == 403


def _all_routes(routes: list[Any]) -> list[Any]:
    """Routes of the app, including those of included routers (FastAPI nests them)."""
    found: list[Any] = []
    for route in routes:
        nested = getattr(route, "original_router", None)
        found.extend(_all_routes(nested.routes) if nested is not None else [route])
    return found


def test_every_page_form_route_demands_a_csrf_token(client: TestClient) -> None:
    """No POST page route may skip the check, including routes added later."""
    assert login(client, ADMIN) == 303
    posts = [
        route.path.replace("{user_id}", "1").replace("{token_id}", "1")
        for route in _all_routes(client.app.routes)  # type: ignore[attr-defined]
        if "POST" in (getattr(route, "methods", None) or set())
        and not route.path.startswith("/api/")
    ]
    assert len(posts) >= 6
    for path in posts:
        assert client.post(path, data={}).status_code == 403, path


def test_throttling_after_five_failures_refuses_even_the_right_password(
    client: TestClient, clock: FakeClock
) -> None:
    for _ in range(5):
        assert login(client, OFFICER, password="wrong-password-1") == 401
    assert login(client, OFFICER) == 429
    clock.advance(minutes=15, seconds=1)  # the oldest failures leave the 15-minute window
    assert login(client, OFFICER) == 303


def test_throttling_is_per_account(client: TestClient) -> None:
    for _ in range(5):
        login(client, OFFICER, password="wrong-password-1")
    assert login(client, VIEWER) == 303


def test_success_clears_earlier_failures(client: TestClient) -> None:
    for _ in range(4):
        login(client, OFFICER, password="wrong-password-1")
    assert login(client, OFFICER) == 303
    for _ in range(4):
        assert login(client, OFFICER, password="wrong-password-1") == 401
    assert login(client, OFFICER) == 303


def test_password_change_then_login_with_the_new_one(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with make_client(seeded, clock) as other_device:
        assert login(other_device, OFFICER) == 303
        assert login(client, OFFICER) == 303
        token = csrf_from(client.get("/account/password").text)
        response = client.post(
            "/account/password",
            data={
                "current_password": OFFICER[1],
                "new_password": "ett-nytt-langt-losenord",
                "csrf_token": token,
            },
        )
        assert response.status_code == 200
        assert "Lösenordet är bytt" in response.text
        assert client.get("/account/password").status_code == 200  # this session lives on
        assert other_device.get("/account/password").status_code == 303  # the other one ended
    with make_client(seeded, clock) as fresh:
        assert login(fresh, OFFICER) == 401
        assert login(fresh, (OFFICER[0], "ett-nytt-langt-losenord")) == 303


def test_password_change_refuses_wrong_current_and_short_new(client: TestClient) -> None:
    assert login(client, OFFICER) == 303
    token = csrf_from(client.get("/account/password").text)
    wrong = client.post(
        "/account/password",
        data={"current_password": "nope-nope-nope", "new_password": "y" * 14, "csrf_token": token},
    )
    assert wrong.status_code == 400
    assert "Det nuvarande lösenordet stämmer inte." in wrong.text
    short = client.post(
        "/account/password",
        data={"current_password": OFFICER[1], "new_password": "kort", "csrf_token": token},
    )
    assert short.status_code == 400
    assert "minst 12 och högst 256 tecken" in short.text


def test_login_redirects_only_to_local_paths(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    data = {"email": OFFICER[0], "password": OFFICER[1], "csrf_token": token}
    response = client.post("/login", data={**data, "next": "//evil.example/x"})
    assert response.headers["location"] == "/"
    data["csrf_token"] = csrf_from(client.get("/login").text)  # now the session's token
    response = client.post("/login", data={**data, "next": "/account/tokens"})
    assert response.headers["location"] == "/account/tokens"


def test_login_and_failure_are_audited_without_secrets(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    login(client, OFFICER, password="wrong-password-1")
    login(client, ("nobody@kraftsamling.example", "whatever-123456"))
    login(client, OFFICER)
    with seeded() as session:
        officer = session.scalar(select(User).where(User.email == OFFICER[0]))
        assert officer is not None
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(["login", "login_failed"]))
        ).all()
    assert [(e.action, e.actor_id) for e in entries] == [
        ("login_failed", officer.id),
        ("login_failed", None),
        ("login", officer.id),
    ]
    assert all("nobody" not in (e.actor_label or "") for e in entries)


def test_no_password_or_token_reaches_the_log(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    login(client, OFFICER, password="wrong-secret-pw-1")
    assert login(client, OFFICER) == 303
    session_cookie = client.cookies.get(SESSION)
    token = csrf_from(client.get("/account/tokens").text)
    created = client.post("/account/tokens", data={"name": "skript", "csrf_token": token})
    api_token = created.text.split('<code class="secret">')[1].split("<")[0]
    client.post("/account/tokens", data={"name": "x"})  # refused: a security event
    client.get("/api/v1/me", headers={"Authorization": "Bearer ks_forged"})
    failed = [r for r in caplog.records if getattr(r, "event", None) == "login_failed"]
    assert len(failed) == 1
    assert {"csrf_refused", "request_denied"} <= {getattr(r, "event", None) for r in caplog.records}
    everything = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for secret in (
        "wrong-secret-pw-1",
        OFFICER[1],
        session_cookie,
        api_token,
        "ks_forged",
        OFFICER[0],
    ):
        assert secret and secret not in everything


def test_session_rows_store_only_hashes(client: TestClient, seeded: sessionmaker[Session]) -> None:
    assert login(client, OFFICER) == 303
    cookie = client.cookies.get(SESSION)
    with seeded() as session:
        hashes = session.scalars(select(WebSession.token_hash)).all()
    assert cookie not in hashes
    assert len(hashes) == 1 and len(hashes[0]) == 64
