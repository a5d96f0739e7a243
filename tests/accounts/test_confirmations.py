"""Irreversible account actions are never one click: a confirmation page says what happens,
only its form acts, and a deactivation says why in the audit trail."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import ADMIN, OFFICER, VIEWER, FakeClock, form_fields, login

from kraftsamling.accounts import service
from kraftsamling.accounts.models import ApiToken, User
from kraftsamling.core.audit import AuditEntry
from kraftsamling.core.db import transaction

WHY = "Har slutat på förvaltningen."


def _viewer(factory: sessionmaker[Session]) -> User:
    with factory() as session:
        user = session.scalars(select(User).where(User.email == VIEWER[0])).one()
        session.expunge(user)
    return user


def _entries(factory: sessionmaker[Session], action: str) -> list[AuditEntry]:
    with factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _one_click_forms(page: str, action: str) -> list[str]:
    return re.findall(rf'<form method="post" action="{re.escape(action)}"', page)


def test_the_user_list_only_links_to_the_confirmations(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    viewer = _viewer(seeded)
    assert login(client, ADMIN) == 303
    page = client.get("/admin/users").text
    for action in ("password", "deactivate"):
        url = f"/admin/users/{viewer.id}/{action}"
        assert _one_click_forms(page, url) == [] and f'href="{url}"' in page


def test_a_reset_is_confirmed_first_with_the_once_token(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    viewer = _viewer(seeded)
    assert login(client, ADMIN) == 303
    action = f"/admin/users/{viewer.id}/password"
    confirm = client.get(action)
    assert confirm.status_code == 200
    assert "Ge ett nytt lösenord?" in confirm.text and VIEWER[0] in confirm.text
    assert "Det går inte att ångra." in confirm.text
    fields = form_fields(confirm.text, action)
    assert set(fields) == {"csrf_token", "once", "confirm"}
    # A post without the confirmation (an old list page, a hand-made request) resets nothing.
    bare = client.post(action, data={"csrf_token": fields["csrf_token"], "once": fields["once"]})
    assert bare.status_code == 303 and bare.headers["location"] == action
    assert _viewer(seeded).password_hash == viewer.password_hash
    done = client.post(action, data=fields)
    assert done.status_code == 200 and "(visas bara nu)" in done.text
    assert _viewer(seeded).password_hash != viewer.password_hash
    english = client.get(f"{action}?lang=en").text
    assert "Give a new password?" in english and "This cannot be undone." in english


def test_a_deactivation_needs_a_reason_that_the_audit_entry_keeps(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    viewer = _viewer(seeded)
    assert login(client, ADMIN) == 303
    action = f"/admin/users/{viewer.id}/deactivate"
    confirm = client.get(action)
    assert confirm.status_code == 200 and "Avaktivera kontot?" in confirm.text
    assert '<textarea id="confirm-reason" name="reason"' in confirm.text
    fields = form_fields(confirm.text, action)
    refused = client.post(action, data={**fields, "reason": "  "})
    assert refused.status_code == 422
    assert "Skriv ett skäl på 3–500 tecken; det angivna har 0 tecken." in refused.text
    assert 'aria-invalid="true"' in refused.text and _viewer(seeded).active
    english = client.post(f"{action}?lang=en", data={**fields, "reason": "x" * 501})
    assert english.status_code == 422
    assert "Give a reason of 3–500 characters; the one given has 501" in english.text
    assert "x" * 501 in english.text  # what was typed comes back
    assert _entries(seeded, "deactivate") == []
    done = client.post(action, data={**fields, "reason": f" {WHY} "})
    assert done.status_code == 303 and not _viewer(seeded).active
    [entry] = _entries(seeded, "deactivate")
    assert entry.after["reason"] == WHY


def test_revoking_a_token_is_confirmed_first(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with transaction(seeded) as session:
        officer = session.scalars(select(User).where(User.email == OFFICER[0])).one()
        _, row = service.create_api_token(session, user=officer, name="rapportskript", clock=clock)
        token_id = row.id
    assert login(client, OFFICER) == 303
    page = client.get("/account/tokens").text
    action = f"/account/tokens/{token_id}/revoke"
    assert _one_click_forms(page, action) == [] and f'href="{action}"' in page
    confirm = client.get(action)
    assert confirm.status_code == 200
    assert "Återkalla API-nyckeln?" in confirm.text and "rapportskript" in confirm.text
    fields = form_fields(confirm.text, action)
    bare = client.post(action, data={"csrf_token": fields["csrf_token"]})
    assert bare.status_code == 303 and bare.headers["location"] == action

    def revoked() -> int:
        with seeded() as session:
            query = select(func.count()).where(ApiToken.revoked_at.is_not(None))
            return int(session.scalar(query) or 0)

    assert revoked() == 0
    assert client.post(action, data=fields).status_code == 303
    assert revoked() == 1


def test_another_users_token_has_no_confirmation_page(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with transaction(seeded) as session:
        officer = session.scalars(select(User).where(User.email == OFFICER[0])).one()
        _, row = service.create_api_token(session, user=officer, name="skript", clock=clock)
        token_id = row.id
    assert login(client, VIEWER) == 303
    assert client.get(f"/account/tokens/{token_id}/revoke").status_code == 404
    token = form_fields(client.get("/account/tokens").text, "/account/tokens")["csrf_token"]
    assert (
        client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": token}).status_code
        == 404
    )
