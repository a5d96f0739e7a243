"""Logging in and out, session lifetimes, CSRF, throttling and password change; the forced
password change after an admin's reset, deactivated accounts, and the policy from settings."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import (
    ADMIN,
    COORDINATOR,
    OFFICER,
    VIEWER,
    FakeClock,
    app_routes,
    csrf_from,
    form_fields,
    login,
    make_client,
)

from kraftsamling.accounts import service
from kraftsamling.accounts.models import ApiToken, User, WebSession
from kraftsamling.core.audit import AuditEntry
from kraftsamling.core.db import transaction
from kraftsamling.core.settings import Settings
from kraftsamling.web.app import create_app

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


def test_every_page_form_route_demands_a_csrf_token(client: TestClient) -> None:
    """No POST page route may skip the check, including routes added later."""
    assert login(client, ADMIN) == 303
    posts = [
        re.sub(r"\{\w+\}", "1", path)
        for method, path in app_routes(client.app.routes)  # type: ignore[attr-defined]
        if method == "POST" and not path.startswith("/api/")
    ]
    assert len(posts) >= 6
    for path in posts:
        assert client.post(path, data={}).status_code == 403, path


def test_throttling_after_five_failures_delays_even_the_right_password_briefly(
    client: TestClient, clock: FakeClock
) -> None:
    for _ in range(5):
        assert login(client, OFFICER, password="wrong-password-1") == 401
    assert login(client, OFFICER) == 429
    clock.advance(seconds=2)  # the first delay, not the 15-minute window
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
        assert response.status_code == 303  # post/redirect/get: a reload sends nothing again
        assert response.headers["location"] == "/account/password?changed=1&next=%2F"
        assert "Lösenordet är bytt" in client.get(response.headers["location"]).text
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
    fields = form_fields(client.get("/account/tokens").text, "/account/tokens")
    created = client.post("/account/tokens", data={"name": "skript", **fields})
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


# --- forced password change -------------------------------------------------------------

NEW_PASSWORD = "mitt-eget-losenord-2026"


def _user_id(factory: sessionmaker[Session], email: str) -> int:
    with factory() as session:
        found = session.scalar(select(User.id).where(User.email == email))
    assert found is not None
    return found


def _api_token(factory: sessionmaker[Session], email: str, clock: FakeClock) -> str:
    with transaction(factory) as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None
        plain, _ = service.create_api_token(session, user=user, name="skript", clock=clock)
    return plain


def _reset_by_admin(client: TestClient, user_id: int) -> str:
    assert login(client, ADMIN) == 303
    action = f"/admin/users/{user_id}/password"
    fields = form_fields(client.get(action).text, action)
    page = client.post(action, data=fields).text
    client.post("/logout", data={"csrf_token": fields["csrf_token"]})
    return page.split("(visas bara nu): ")[1].split("<")[0]


def test_after_an_admin_reset_every_page_leads_to_the_password_change(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    temporary = _reset_by_admin(client, _user_id(seeded, OFFICER[0]))
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": OFFICER[0], "password": temporary, "csrf_token": token, "next": "/areas"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/account/password?next=%2Fareas"
    page = client.get("/account/password?next=%2Fareas")
    assert page.status_code == 200
    assert "Ditt lösenord har satts av en administratör" in page.text
    assert "Inloggad som Demo Handläggare" in page.text  # logged in, with a logout button
    for path in ("/areas", "/index-runs", "/account/tokens", "/", "/public/map"):
        first = client.get(path)
        assert first.status_code == 303, path
        login_page = first.headers["location"]
        assert login_page.startswith("/login?next=")
        second = client.get(login_page)
        assert second.status_code == 303, path
        assert second.headers["location"].startswith("/account/password?next=")
    # The temporary password cannot simply be kept.
    reused = client.post(
        "/account/password",
        data={"current_password": temporary, "new_password": temporary,
              "csrf_token": csrf_from(page.text), "next": "/areas"},
    )  # fmt: skip
    assert reused.status_code == 400
    assert "måste skilja sig från det tillfälliga" in reused.text
    changed = client.post(
        "/account/password",
        data={"current_password": temporary, "new_password": NEW_PASSWORD,
              "csrf_token": csrf_from(page.text), "next": "/areas"},
    )  # fmt: skip
    assert changed.status_code == 303 and changed.headers["location"] == "/areas"
    assert client.get("/account/tokens").status_code == 200  # the same session, now whole
    with seeded() as session:
        officer = session.scalar(select(User).where(User.email == OFFICER[0]))
        assert officer is not None and officer.must_change_password is False


def test_pending_user_can_log_out(client: TestClient, seeded: sessionmaker[Session]) -> None:
    temporary = _reset_by_admin(client, _user_id(seeded, VIEWER[0]))
    assert login(client, (VIEWER[0], temporary)) == 303
    token = csrf_from(client.get("/account/password").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    response = client.get("/account/password")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_api_refuses_tokens_of_a_user_who_must_change_password(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    plain = _api_token(seeded, OFFICER[0], clock)
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    temporary = _reset_by_admin(client, _user_id(seeded, OFFICER[0]))
    refused = client.get("/api/v1/me", headers=headers)
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "password_change_required"
    assert "must be changed" in error["message"] and "/account/password" in error["message"]
    assert login(client, (OFFICER[0], temporary)) == 303
    token = csrf_from(client.get("/account/password").text)
    client.post(
        "/account/password",
        data={"current_password": temporary, "new_password": NEW_PASSWORD, "csrf_token": token},
    )
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_a_user_created_by_an_admin_must_change_the_temporary_password(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    assert login(client, ADMIN) == 303
    page = client.get("/admin/users")
    assert "måste byta det vid första inloggningen" in page.text
    form = {"email": "ny@kraftsamling.example", "name": "Ny Person", "organisation": "KN",
            "role": "officer", "password": "ett-startlosenord",
            "csrf_token": csrf_from(page.text)}  # fmt: skip
    assert client.post("/admin/users", data=form).status_code == 303
    assert "Aktiv, måste byta lösenord" in client.get("/admin/users").text
    with make_client(seeded, clock) as newcomer:
        token = csrf_from(newcomer.get("/login").text)
        response = newcomer.post(
            "/login",
            data={"email": form["email"], "password": form["password"], "csrf_token": token},
        )
        assert response.headers["location"] == "/account/password?next=%2F"
        assert newcomer.get("/areas").status_code == 303
        # The password page offers no internal page the user cannot use yet.
        password_page = newcomer.get("/account/password").text
        assert 'href="/areas"' not in password_page and 'href="/index-runs"' not in password_page
        assert 'action="/logout"' in password_page


# --- deactivation -----------------------------------------------------------------------


def _deactivate(client: TestClient, user_id: int, action: str = "deactivate") -> Any:
    token = csrf_from(client.get("/admin/users").text)
    data = {"csrf_token": token, "reason": "Slutat på förvaltningen."}
    return client.post(f"/admin/users/{user_id}/{action}", data=data)


def test_deactivation_ends_sessions_and_tokens_at_once_and_refuses_login_generically(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    officer_id = _user_id(seeded, OFFICER[0])
    plain = _api_token(seeded, OFFICER[0], clock)
    with make_client(seeded, clock) as officer:
        assert login(officer, OFFICER) == 303
        assert officer.get("/account/tokens").status_code == 200
        assert login(client, ADMIN) == 303
        response = _deactivate(client, officer_id)
        assert response.status_code == 303
        page = client.get(response.headers["location"])
        assert f"Kontot {OFFICER[0]} är avaktiverat." in page.text
        assert "Avaktiverad 2026-02-02" in page.text
        assert officer.get("/account/tokens").status_code == 303  # the live session ended
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    with make_client(seeded, clock) as fresh:
        token = csrf_from(fresh.get("/login").text)
        right = fresh.post(
            "/login", data={"email": OFFICER[0], "password": OFFICER[1], "csrf_token": token}
        )
        wrong = fresh.post(
            "/login", data={"email": VIEWER[0], "password": "wrong-password-1", "csrf_token": token}
        )
    assert right.status_code == wrong.status_code == 401
    assert _alert(right.text) == _alert(wrong.text) == "Fel e-postadress eller lösenord."
    with seeded() as session:
        assert session.scalar(select(ApiToken.revoked_at)) is not None
        ended = session.scalars(
            select(WebSession.revoked_at).where(WebSession.user_id == officer_id)
        ).all()
        assert len(ended) == 1 and ended[0] is not None
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "deactivate"))
    assert entry is not None and entry.actor_label == ADMIN[0]
    assert entry.object_id == str(officer_id)
    assert entry.before == {"active": True, "deactivated_at": None}
    assert entry.after is not None and entry.after["active"] is False  # type: ignore[index,call-overload]


def _alert(html: str) -> str:
    return html.split('role="alert"')[1].split(">", 1)[1].split("<")[0]


def test_reactivated_user_can_log_in_again(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    viewer_id = _user_id(seeded, VIEWER[0])
    assert login(client, ADMIN) == 303
    assert _deactivate(client, viewer_id).status_code == 303
    with make_client(seeded, clock) as viewer:
        assert login(viewer, VIEWER) == 401
        response = _deactivate(client, viewer_id, "reactivate")
        assert response.status_code == 303
        assert "är aktivt och kan logga in igen" in client.get(response.headers["location"]).text
        assert login(viewer, VIEWER) == 303
    with seeded() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.in_(["deactivate", "reactivate"]))
        ).all()
    assert actions == ["deactivate", "reactivate"]


def test_an_admin_cannot_deactivate_themselves(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    admin_id = _user_id(seeded, ADMIN[0])
    assert login(client, ADMIN) == 303
    page = client.get("/admin/users").text
    assert f"/admin/users/{admin_id}/deactivate" not in page  # no button for oneself
    assert f"/admin/users/{_user_id(seeded, VIEWER[0])}/deactivate" in page
    response = _deactivate(client, admin_id)
    assert response.status_code == 422
    assert (
        _alert(response.text)
        == "Du kan inte avaktivera ditt eget konto. Be en annan administratör."
    )
    assert client.get("/admin/users").status_code == 200  # still logged in, still active


def test_only_admins_deactivate(client: TestClient, seeded: sessionmaker[Session]) -> None:
    viewer_id = _user_id(seeded, VIEWER[0])
    assert login(client, COORDINATOR) == 303
    token = csrf_from(client.get("/account/tokens").text)
    response = client.post(f"/admin/users/{viewer_id}/deactivate", data={"csrf_token": token})
    assert response.status_code == 403
    with seeded() as session:
        viewer = session.get(User, viewer_id)
        assert viewer is not None and viewer.active


# --- the policy from settings ------------------------------------------------------------


def _settings_client(factory: sessionmaker[Session], clock: FakeClock, **fields: Any) -> TestClient:
    settings = Settings(environment="test", DATABASE_URL="sqlite:///:memory:", **fields)  # type: ignore[arg-type]
    app = create_app(settings, session_factory=factory, clock=clock)
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def test_session_lifetimes_come_from_settings(
    seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with _settings_client(
        seeded, clock, session_idle_minutes=5, session_absolute_minutes=12
    ) as client:
        assert login(client, OFFICER) == 303
        clock.advance(minutes=4)
        assert client.get("/account/password").status_code == 200
        clock.advance(minutes=5, seconds=1)
        assert client.get("/account/password").status_code == 303  # idle for over 5 minutes
        assert login(client, OFFICER) == 303
        for _ in range(3):
            clock.advance(minutes=4)
            assert client.get("/account/password").status_code == 200
        clock.advance(minutes=1)  # 13 minutes after login, each step under the idle limit
        assert client.get("/account/password").status_code == 303


def test_login_throttling_comes_from_settings(
    seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with _settings_client(
        seeded, clock, login_max_failures=2, login_failure_window_minutes=3
    ) as client:
        for _ in range(2):
            assert login(client, OFFICER, password="wrong-password-1") == 401
        token = csrf_from(client.get("/login").text)
        throttled = client.post(
            "/login", data={"email": OFFICER[0], "password": OFFICER[1], "csrf_token": token}
        )
        assert throttled.status_code == 429
        assert "Vänta 2 sekunder och försök igen" in throttled.text
        clock.advance(minutes=3, seconds=1)  # the failures leave the 3-minute window
        assert login(client, OFFICER, password="wrong-password-1") == 401  # counted afresh
        assert login(client, OFFICER) == 303


def test_a_log_in_is_stored_before_its_answer_is_sent(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    # A browser follows the redirect as soon as it has the answer's head, so the session must
    # be committed by then (FastAPI ends yield dependencies after sending unless told not to).
    form_page = client.get("/login")
    token = csrf_from(form_page.text)
    body = urlencode({"email": VIEWER[0], "password": VIEWER[1], "csrf_token": token}).encode()
    cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "https", "path": "/login", "raw_path": b"/login", "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 5000), "server": ("testserver", 443),
        "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode()),
                    (b"content-type", b"application/x-www-form-urlencoded"),
                    (b"content-length", str(len(body)).encode())],
    }  # fmt: skip
    stored_at_start: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            assert message["status"] == 303
            with seeded() as session:
                stored_at_start.append(len(session.scalars(select(WebSession)).all()))

    # On the client's own event loop thread, as its requests are: another test may have left
    # a running loop in this thread.
    client.portal.call(client.app, scope, receive, send)  # type: ignore[arg-type, call-arg]
    assert stored_at_start == [1]
