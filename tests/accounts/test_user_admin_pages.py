"""``/admin/users`` through the web application: the creation form, notices and bad ids."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import ADMIN, VIEWER, csrf_from, login

from kraftsamling.accounts.models import User
from kraftsamling.core.audit import AuditEntry

GOOD = {"email": "ny@kraftsamling.example", "name": "Ny Person", "organisation": "KN",
        "role": "viewer", "password": "ett-startlosenord"}  # fmt: skip


def _users(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count(User.id))) or 0)


def _create(client: TestClient, path: str = "/admin/users", **changes: str) -> Any:
    token = csrf_from(client.get("/admin/users").text)
    return client.post(path, data={**GOOD, **changes, "csrf_token": token})


def _viewer_id(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        found = session.scalar(select(User.id).where(User.email == VIEWER[0]))
    assert found is not None
    return found


@pytest.fixture
def admin(client: TestClient) -> TestClient:
    assert login(client, ADMIN) == 303
    return client


def test_success_redirects_so_a_reload_does_not_create_again(
    admin: TestClient, seeded: sessionmaker[Session]
) -> None:
    before = _users(seeded)
    response = _create(admin)
    assert response.status_code == 303
    with seeded() as session:
        new_id = session.scalar(select(User.id).where(User.email == GOOD["email"]))
    assert response.headers["location"] == f"/admin/users?created={new_id}"
    page = admin.get(response.headers["location"])
    assert page.status_code == 200
    assert f"Användaren {GOOD['email']} är skapad." in page.text
    assert GOOD["password"] not in page.text
    assert "Aktiv, måste byta lösenord" in page.text
    admin.get(response.headers["location"])  # a reload only reads
    assert _users(seeded) == before + 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"organisation": "NOPE"},
         "Organisationen ”NOPE” finns inte. Välj en organisation i listan."),
        ({"name": "N" * 1000}, "Namnet får ha högst 200 tecken; det angivna har 1000."),
        ({"name": "   "}, "Ange användarens namn."),
        ({"email": "x" * 250 + "@k.se"},
         "E-postadressen får ha högst 254 tecken; den angivna har 255."),
        ({"email": "utan-snabel-a"},
         "Ange en e-postadress som namn@exempel.se; det angivna saknar @."),
        ({"email": "ADMIN@kraftsamling.example"},
         "Det finns redan en användare med e-postadressen admin@kraftsamling.example."),
        ({"role": "superuser"}, "Rollen ”superuser” finns inte. Välj en roll i listan."),
        ({"role": "coordinator"}, "En samordnare måste höra till stadskontoret."),
        ({"password": "kort"},
         "Lösenordet måste ha minst 12 och högst 256 tecken; det angivna har 4."),
    ],
)  # fmt: skip
def test_a_refused_user_re_renders_the_form_in_swedish_with_the_values_kept(
    admin: TestClient, seeded: sessionmaker[Session], changes: dict[str, str], message: str
) -> None:
    before = _users(seeded)
    response = _create(admin, **changes)
    assert response.status_code == 422
    html = response.text
    alert = '<p class="notice error" role="alert" id="create-error">'
    assert f"{alert}Användaren kunde inte skapas: {message}" in html
    typed = {**GOOD, **changes}
    assert f'name="email" type="email" value="{typed["email"]}"' in html
    assert f'name="name" value="{typed["name"]}"' in html
    if typed["organisation"] == "KN":
        assert '<option value="KN" selected>Kulturnämnden</option>' in html
    if typed["role"] in ("viewer", "coordinator"):
        assert f'<option value="{typed["role"]}" selected>' in html
    # The password never comes back, neither typed nor in the message.
    assert f'value="{typed["password"]}"' not in html and "ett-startlosenord" not in html
    assert 'name="password" type="password" autocomplete="new-password" minlength' in html
    assert _users(seeded) == before


def test_the_error_follows_the_page_language(admin: TestClient) -> None:
    response = _create(admin, path="/admin/users?lang=en", organisation="NOPE")
    assert response.status_code == 422
    assert (
        "The user could not be created: The organisation “NOPE” does not exist. "
        "Choose an organisation from the list." in response.text
    )


def test_missing_fields_are_named_on_the_form(admin: TestClient) -> None:
    token = csrf_from(admin.get("/admin/users").text)
    response = admin.post("/admin/users", data={"email": "a@b.se", "csrf_token": token})
    assert response.status_code == 422
    assert "Ange användarens namn." in response.text
    assert 'value="a@b.se"' in response.text


def test_form_limits_match_the_columns(admin: TestClient) -> None:
    page = admin.get("/admin/users").text
    assert 'name="email" type="email" value="" maxlength="254"' in page
    assert 'name="name" value="" maxlength="200"' in page


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("changed=99999999999999999999", 422),
        ("changed=2147483648", 422),
        ("created=0", 422),
        ("changed=abc", 422),
        ("created=2147483647", 404),
        ("changed=99999", 404),
    ],
)
def test_notice_ids_out_of_range_are_refused_not_a_server_error(
    admin: TestClient, query: str, status: int
) -> None:
    response = admin.get(f"/admin/users?{query}")
    assert response.status_code == status
    assert "<h1>" in response.text


@pytest.mark.parametrize("action", ["password", "deactivate", "reactivate"])
@pytest.mark.parametrize("user_id", ["99999999999999999999", "2147483648", "0", "x"])
def test_huge_user_ids_in_paths_are_not_found(
    admin: TestClient, seeded: sessionmaker[Session], action: str, user_id: str
) -> None:
    entries = _entries(seeded)
    token = csrf_from(admin.get("/admin/users").text)
    response = admin.post(f"/admin/users/{user_id}/{action}", data={"csrf_token": token})
    assert response.status_code == 404
    assert "Sidan eller uppgiften finns inte." in response.text
    assert _entries(seeded) == entries


def test_notices_after_deactivation_still_work(
    admin: TestClient, seeded: sessionmaker[Session]
) -> None:
    token = csrf_from(admin.get("/admin/users").text)
    viewer = _viewer_id(seeded)
    data = {"csrf_token": token, "reason": "Slutat på förvaltningen."}
    response = admin.post(f"/admin/users/{viewer}/deactivate", data=data)
    assert response.headers["location"] == f"/admin/users?changed={viewer}"
    assert f"Kontot {VIEWER[0]} är avaktiverat." in admin.get(response.headers["location"]).text


def test_the_user_pages_keep_the_csrf_check(
    admin: TestClient, seeded: sessionmaker[Session]
) -> None:
    before = _users(seeded)
    assert admin.post("/admin/users", data=GOOD).status_code == 403
    viewer = _viewer_id(seeded)
    assert admin.post(f"/admin/users/{viewer}/password").status_code == 403
    assert _users(seeded) == before


def _entries(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count(AuditEntry.id))) or 0)
