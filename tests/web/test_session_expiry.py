"""A form sent after its session ended: the log-in page says why, and what was typed comes
back after the log-in (never a password); a page load after expiry says why too."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import ADMIN, VIEWER, FakeClock, csrf_from, login

from kraftsamling.accounts.models import User
from kraftsamling.web.restore import fill_form

REFERER = {"Referer": "https://testserver/admin/users"}
TYPED = {"email": "ny.kollega@kraftsamling.example", "name": "Ny <Kollega> & co",
         "organisation": "KN", "role": "viewer", "password": "hemligt-losenord-123"}  # fmt: skip


def _users(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count(User.id))) or 0)


def _expired_post(client: TestClient, clock: FakeClock) -> tuple[str, str]:
    """Log in, open the users page, wait past the idle timeout, send the form; (login url,
    restore id)."""
    assert login(client, ADMIN) == 303
    token = csrf_from(client.get("/admin/users").text)
    clock.advance(minutes=31)
    response = client.post("/admin/users", data={**TYPED, "csrf_token": token}, headers=REFERER)
    assert response.status_code == 303
    location = response.headers["location"]
    query = parse_qs(urlsplit(location).query)
    assert urlsplit(location).path == "/login"
    assert query["next"] == ["/admin/users"] and query["expired"] == ["1"]
    return location, query["restore"][0]


def _login_with(client: TestClient, page: str, account: tuple[str, str]) -> str:
    fields = {"email": account[0], "password": account[1], "csrf_token": csrf_from(page)}
    restore = page.split('name="restore" value="')[1].split('"')[0] if "restore" in page else ""
    response = client.post("/login", data={**fields, "next": "/admin/users", "restore": restore})
    assert response.status_code == 303
    return str(response.headers["location"])


def test_what_was_typed_comes_back_after_log_in(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    before = _users(seeded)
    location, restore = _expired_post(client, clock)
    page = client.get(location)
    assert page.status_code == 200
    assert "Din session har gått ut, så du har loggats ut." in page.text
    assert "Det du skrev i formuläret är sparat" in page.text
    assert "Något gick fel" not in page.text
    target = _login_with(client, page.text, ADMIN)
    assert target == f"/admin/users?restore={restore}"
    form = client.get(target).text
    assert "Det du skrev är ifyllt igen" in form
    assert 'value="ny.kollega@kraftsamling.example"' in form
    assert 'value="Ny &lt;Kollega&gt; &amp; co"' in form
    assert '<option value="KN" selected>' in form and '<option value="viewer" selected>' in form
    assert TYPED["password"] not in form  # a password is never kept
    assert _users(seeded) == before  # nothing was created behind the user's back
    english = client.get(f"{location}&lang=en").text
    assert "Your session has expired" in english and "Passwords are never kept." in english


def test_the_draft_is_only_for_the_user_whose_session_ended(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    _, restore = _expired_post(client, clock)
    client.cookies.clear()
    assert login(client, VIEWER) == 303
    page = client.get(f"/account?restore={restore}").text
    assert "ny.kollega" not in page


def test_a_page_load_after_expiry_says_why_the_log_in_page_appears(
    client: TestClient, clock: FakeClock
) -> None:
    assert client.get("/admin/users").headers["location"] == "/login?next=%2Fadmin%2Fusers"
    assert login(client, ADMIN) == 303
    clock.advance(minutes=31)
    response = client.get("/admin/users")
    assert response.headers["location"] == "/login?next=%2Fadmin%2Fusers&expired=1"
    page = client.get(response.headers["location"]).text
    assert "Din session har gått ut" in page and "Det du skrev" not in page


def test_a_form_without_its_cookie_is_known_by_its_token(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    assert login(client, ADMIN) == 303
    token = csrf_from(client.get("/admin/users").text)
    clock.advance(hours=13)
    client.cookies.clear()  # the browser dropped the session cookie
    response = client.post("/admin/users", data={**TYPED, "csrf_token": token}, headers=REFERER)
    assert response.status_code == 303 and "restore=" in response.headers["location"]


@pytest.mark.parametrize("token", ["forged-token", ""])
def test_a_forged_form_is_still_refused(client: TestClient, clock: FakeClock, token: str) -> None:
    assert login(client, ADMIN) == 303
    client.get("/admin/users")
    clock.advance(minutes=31)
    response = client.post("/admin/users", data={**TYPED, "csrf_token": token})
    assert response.status_code == 403
    assert "Formuläret saknade en giltig säkerhetskod" in response.text


def test_logging_out_after_expiry_says_the_session_ended(
    client: TestClient, clock: FakeClock
) -> None:
    assert login(client, ADMIN) == 303
    token = csrf_from(client.get("/admin/users").text)
    clock.advance(minutes=31)
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 303
    assert "expired=1" in response.headers["location"]
    assert "restore=" not in response.headers["location"]


def test_fill_form_sets_boxes_choices_and_text_but_no_hidden_field() -> None:
    page = (
        '<form method="post" action="/a"><input type="hidden" name="csrf_token" value="new">'
        '<input type="checkbox" name="s" value="T1" checked><input type="checkbox" name="s" '
        'value="T2"><input type="radio" name="r" value="x"><input name="q">'
        '<input type="password" name="password"></form><form method="post" action="/b"></form>'
    )
    fields = [("s", "T2"), ("q", 'a"b'), ("csrf_token", "old"), ("password", "p")]
    filled = fill_form(page, "/a", fields, "<p>!</p>")
    assert filled is not None
    assert filled.startswith('<p>!</p><form method="post" action="/a">')
    assert 'name="csrf_token" value="new"' in filled and "old" not in filled
    assert '<input type="checkbox" name="s" value="T1">' in filled
    assert '<input type="checkbox" name="s" value="T2" checked>' in filled
    assert '<input type="radio" name="r" value="x">' in filled
    assert '<input name="q" value="a&quot;b">' in filled
    assert 'name="password">' in filled
    assert fill_form(page, "/c", fields, "") is None
