"""One's own account through the web application: /account, API tokens, log-in, start page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import (
    ADMIN,
    COORDINATOR,
    OFFICER,
    VIEWER,
    FakeClock,
    csrf_from,
    form_fields,
    login,
)

from kraftsamling.accounts.models import ApiToken

INTERNAL = ("/targeting", "/targeting/new", "/areas", "/index-runs", "/index-runs/new",
            "/admin/audit", "/admin/users", "/account")  # fmt: skip


def _tokens(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count(ApiToken.id))) or 0)


def _new_token(client: TestClient, name: str, path: str = "/account/tokens") -> str:
    fields = form_fields(client.get("/account/tokens").text, "/account/tokens")
    response = client.post(path, data={"name": name, **fields})
    assert response.status_code == 200
    return response.text.split('<code class="secret">')[1].split("<")[0]


# --- /account ----------------------------------------------------------------------------


def test_account_page_shows_who_one_is_and_links_onwards(client: TestClient) -> None:
    assert client.get("/account").headers["location"] == "/login?next=%2Faccount"
    assert login(client, OFFICER) == 303
    page = client.get("/account")
    assert page.status_code == 200
    assert "<h1>Mitt konto</h1>" in page.text
    assert "<dt>Namn</dt><dd>Demo Handläggare</dd>" in page.text
    assert f"<dt>E-postadress</dt><dd>{OFFICER[0]}</dd>" in page.text
    assert "<dt>Roll</dt><dd>handläggare</dd>" in page.text
    assert '<a href="/account/password">Byt lösenord</a>' in page.text
    assert '<a href="/account/tokens">API-nycklar</a>' in page.text
    english = client.get("/account", params={"lang": "en"}).text
    assert "<h1>My account</h1>" in english and "<dt>Role</dt><dd>officer</dd>" in english


# --- API tokens --------------------------------------------------------------------------


def test_token_times_are_swedish_local_time(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    assert login(client, OFFICER) == 303
    plain = _new_token(client, "skript")
    page = client.get("/account/tokens").text
    # FakeClock starts 2026-02-02 09:00 UTC: 10:00 in Stockholm in winter.
    assert "<td>2026-02-02 10:00</td>" in page and "T09:00" not in page
    assert "<td>aldrig</td>" in page
    clock.now = dt.datetime(2026, 7, 1, 9, 5, 30, tzinfo=dt.UTC)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    assert login(client, OFFICER) == 303  # the session has long expired
    used = client.get("/account/tokens").text
    assert "<td>2026-07-01 11:05</td>" in used  # summer time
    english = client.get("/account/tokens", params={"lang": "en"}).text
    assert '<th scope="col">Last used</th>' in english


def test_token_table_headers_are_never_empty(client: TestClient) -> None:
    assert login(client, OFFICER) == 303
    _new_token(client, "skript")
    page = client.get("/account/tokens").text
    head = page.split("<thead>")[1].split("</thead>")[0]
    assert not re.search(r"<th[^>]*>\s*</th>", head)
    assert '<th scope="col"><span class="visually-hidden">Åtgärd</span></th>' in head


@pytest.mark.parametrize(
    ("name", "length"), [("", 0), ("   ", 0), ("n" * 101, 101), ("å" * 500, 500)]
)
def test_bad_token_name_re_renders_the_form_with_the_value(
    client: TestClient, seeded: sessionmaker[Session], name: str, length: int
) -> None:
    assert login(client, OFFICER) == 303
    fields = form_fields(client.get("/account/tokens").text, "/account/tokens")
    response = client.post("/account/tokens", data={"name": name, **fields})
    assert response.status_code == 422
    message = f"Ge nyckeln ett namn på 1–100 tecken; det angivna har {length} tecken."
    assert f'<p class="notice error" role="alert" id="token-error">{message}</p>' in response.text
    assert (
        f'name="name" value="{name}" maxlength="100" required aria-invalid="true"' in response.text
    )
    assert '<code class="secret">' not in response.text
    assert _tokens(seeded) == 0
    english = client.post("/account/tokens?lang=en", data={"name": "", **fields})
    assert "Give the token a name of 1–100 characters" in english.text


def test_a_missing_token_name_is_named_too(client: TestClient) -> None:
    assert login(client, OFFICER) == 303
    fields = form_fields(client.get("/account/tokens").text, "/account/tokens")
    response = client.post("/account/tokens", data=fields)
    assert response.status_code == 422 and "det angivna har 0 tecken" in response.text


@pytest.mark.parametrize("token_id", ["99999999999999999999", "2147483648", "0", "abc", "424242"])
def test_revoking_a_token_that_cannot_exist_is_not_found(
    client: TestClient, seeded: sessionmaker[Session], token_id: str
) -> None:
    assert login(client, OFFICER) == 303
    _new_token(client, "skript")
    token = csrf_from(client.get("/account/tokens").text)
    response = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": token})
    assert response.status_code == 404
    with seeded() as session:
        assert session.scalars(select(ApiToken.revoked_at)).all() == [None]


# --- log-in and the start page -------------------------------------------------------------


def test_failed_login_keeps_the_address_but_never_the_password(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login", data={"email": OFFICER[0], "password": "fel-losenord-123", "csrf_token": token}
    )
    assert response.status_code == 401
    assert f'name="email" type="email" value="{OFFICER[0]}"' in response.text
    assert "fel-losenord-123" not in response.text
    assert 'name="password" type="password" autocomplete="current-password" required>' in (
        response.text
    )
    assert 'name="email" type="email" value=""' in client.get("/login").text


@pytest.mark.parametrize(
    ("account", "offered"),
    [
        (VIEWER, {"/targeting", "/areas", "/index-runs", "/account"}),
        (OFFICER, {"/targeting", "/areas", "/index-runs", "/account"}),
        (COORDINATOR, set(INTERNAL) - {"/admin/users"}),
        (ADMIN, set(INTERNAL)),
    ],
)
def test_start_page_offers_the_internal_pages_of_ones_role(
    client: TestClient, account: tuple[str, str], offered: set[str]
) -> None:
    assert login(client, account) == 303
    page = client.get("/").text
    section = page.split('<section aria-labelledby="internal-heading">')[1].split("</section>")[0]
    links = set(re.findall(r'<a href="([^"]+)"', section))
    assert links == offered
    assert "Logga in för att arbeta" not in section and 'href="/login"' not in section
    assert "Du är inloggad som" in section
    for path in links:  # each link opens for this role
        assert client.get(path).status_code == 200, path


def test_start_page_asks_visitors_to_log_in(client: TestClient) -> None:
    section = client.get("/").text.split('aria-labelledby="internal-heading">')[1]
    assert "Logga in för att arbeta med index, målområden och användare." in section
    assert '<a class="button" href="/login">Logga in</a>' in section
