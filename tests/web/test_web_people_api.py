"""The organisations and users of the JSON API: who may read them, and that no secret leaks."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import ADMIN, OFFICER, FakeClock

from kraftsamling.accounts import lifecycle, service
from kraftsamling.accounts.models import User
from kraftsamling.core import audit
from kraftsamling.core.db import transaction


def _bearer(factory: sessionmaker[Session], email: str, clock: FakeClock) -> dict[str, str]:
    with transaction(factory) as session:
        user = session.scalars(select(User).where(User.email == email)).one()
        plain, _ = service.create_api_token(session, user=user, name="api", clock=clock)
    return {"Authorization": f"Bearer {plain}"}


def test_organisations_are_listed_for_any_signed_in_user(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    assert client.get("/api/v1/organisations").status_code == 401
    body = client.get("/api/v1/organisations", headers=_bearer(seeded, OFFICER[0], clock)).json()
    by_code = {o["code"]: o for o in body}
    assert by_code["FRN"]["kind"] == "committee"
    assert by_code["STK"]["name_sv"] == "Stadskontoret"
    assert {"MKB", "KS"} <= set(by_code)


def test_users_are_listed_for_admins_only_with_their_state_and_no_secret(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    refused = client.get("/api/v1/users", headers=_bearer(seeded, OFFICER[0], clock))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    admin_headers = _bearer(seeded, ADMIN[0], clock)
    with transaction(seeded) as session:
        officer = session.scalars(select(User).where(User.email == OFFICER[0])).one()
        lifecycle.deactivate_user(
            session, user_id=officer.id, by=audit.SYSTEM, reason="Slutat.", clock=clock
        )
    response = client.get("/api/v1/users", headers=admin_headers)
    assert response.status_code == 200
    users = {u["email"]: u for u in response.json()}
    assert users[OFFICER[0]]["active"] is False
    assert users[ADMIN[0]]["active"] is True
    assert users[OFFICER[0]]["organisation"]["code"] == "FRN"
    assert "hash" not in response.text and "password" not in response.text.replace(
        "must_change_password", ""
    )
