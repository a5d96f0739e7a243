"""Reloading the answer that showed a one-time secret sends the form again: nothing is repeated.

A browser's reload of a POST answer resends the same fields, CSRF token included; the once
token (:mod:`kraftsamling.web.once`) is what tells the repeat from a new request.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import ADMIN, OFFICER, VIEWER, FakeClock, form_fields, login, make_client

from kraftsamling.accounts.models import ApiToken, User
from kraftsamling.core.audit import AuditEntry


def _count(factory: sessionmaker[Session], model: type, **where: object) -> int:
    with factory() as session:
        query = select(func.count()).select_from(model).filter_by(**where)
        return int(session.scalar(query) or 0)


def _secret(page: str) -> str:
    return page.split('<code class="secret">')[1].split("<")[0]


def test_a_reloaded_token_answer_creates_no_second_token(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    assert login(client, OFFICER) == 303
    fields = {
        "name": "skript",
        **form_fields(client.get("/account/tokens").text, "/account/tokens"),
    }
    first = client.post("/account/tokens", data=fields)
    assert first.status_code == 200 and _secret(first.text).startswith("ks_")
    again = client.post("/account/tokens", data=fields)  # what a reload sends
    assert again.status_code == 303
    assert again.headers["location"] == "/account/tokens?repeated=1"
    assert _count(seeded, ApiToken) == 1
    assert _count(seeded, AuditEntry, object_type="api_token", action="create") == 1
    page = client.get(again.headers["location"]).text
    assert "Formuläret hade redan skickats, så ingen ny nyckel skapades." in page
    assert '<code class="secret">' not in page
    english = client.get("/account/tokens?repeated=1&lang=en").text
    assert "The form had already been sent, so no new token was created." in english
    # The answer's own form is a new request: it makes a second token.
    fresh = {"name": "skript 2", **form_fields(first.text, "/account/tokens")}
    assert client.post("/account/tokens", data=fresh).status_code == 200
    assert _count(seeded, ApiToken) == 2


def test_a_refused_token_form_can_be_corrected_and_sent(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    assert login(client, OFFICER) == 303
    refused = client.post(
        "/account/tokens",
        data={"name": " ", **form_fields(client.get("/account/tokens").text, "/account/tokens")},
    )
    assert refused.status_code == 422
    fields = {"name": "skript", **form_fields(refused.text, "/account/tokens")}
    assert client.post("/account/tokens", data=fields).status_code == 200
    assert _count(seeded, ApiToken) == 1


def test_a_reloaded_reset_answer_does_not_reset_again(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with seeded() as session:
        viewer_id = session.scalars(select(User.id).where(User.email == VIEWER[0])).one()
    assert login(client, ADMIN) == 303
    action = f"/admin/users/{viewer_id}/password"
    fields = form_fields(client.get(action).text, action)
    first = client.post(action, data=fields)
    assert first.status_code == 200
    password = first.text.split("(visas bara nu): ")[1].split("<")[0]
    clock.advance(seconds=5)
    again = client.post(action, data=fields)  # what a reload sends
    assert again.status_code == 303
    assert again.headers["location"] == f"/admin/users?reset_repeated={viewer_id}"
    assert _count(seeded, AuditEntry, object_type="user", action="update") == 1
    page = client.get(again.headers["location"]).text
    assert f"Lösenordet för {VIEWER[0]} var redan återställt" in page
    assert "(visas bara nu)" not in page
    with make_client(seeded, clock) as fresh:
        assert login(fresh, (VIEWER[0], password)) == 303  # the password shown still holds


def test_a_new_reset_from_the_answer_page_is_not_taken_for_a_repeat(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with seeded() as session:
        viewer_id = session.scalars(select(User.id).where(User.email == VIEWER[0])).one()
    assert login(client, ADMIN) == 303
    action = f"/admin/users/{viewer_id}/password"
    first = client.post(action, data=form_fields(client.get(action).text, action))
    assert first.status_code == 200 and "(visas bara nu)" in first.text
    clock.advance(seconds=5)
    second = client.post(action, data=form_fields(client.get(action).text, action))
    assert second.status_code == 200 and "(visas bara nu)" in second.text
    assert _count(seeded, AuditEntry, object_type="user", action="update") == 2
