"""Cancelling a round: a confirmation page with a required reason, kept in the audit entry."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import COORDINATOR, OFFICER, csrf_from, login

from kraftsamling.core.audit import AuditEntry
from kraftsamling.targeting.models import SelectionRound

WHY = "Nämnderna vill ha 2026 års siffror först."


def _create(client: TestClient, run_id: int) -> int:
    token = csrf_from(client.get("/targeting/new").text)
    data = {"csrf_token": token, "run_id": str(run_id), "k": "3", "title": "Urval 2026"}
    response = client.post("/targeting", data=data)
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


def _status(factory: sessionmaker[Session], round_id: int) -> str:
    with factory() as session:
        rnd = session.get(SelectionRound, round_id)
        assert rnd is not None
        return rnd.status


def test_cancelling_asks_first_and_keeps_the_reason(
    client: TestClient, seeded: sessionmaker[Session], run_id: int
) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    page = client.get(f"/targeting/{round_id}").text
    action = f"/targeting/{round_id}/cancel"
    assert not re.search(rf'<form method="post" action="{action}"', page)
    assert f'<a class="button" href="{action}">Avbryt omgången</a>' in page
    confirm = client.get(action)
    assert confirm.status_code == 200
    assert "Avbryta omgången?" in confirm.text and "det går inte att ångra" in confirm.text
    assert "Urvalsomgång: Urval 2026 (status: utkast)." in confirm.text
    token = csrf_from(confirm.text)
    refused = client.post(action, data={"csrf_token": token, "reason": " "})
    assert refused.status_code == 422
    assert "Skriv varför omgången avbryts, minst 3 tecken." in refused.text
    assert 'id="cancel-reason"' in refused.text and _status(seeded, round_id) == "draft"
    english = client.post(f"{action}?lang=en", data={"csrf_token": token, "reason": "x" * 501})
    assert "The reason may be at most 500 characters; yours had 501" in english.text
    done = client.post(action, data={"csrf_token": token, "reason": WHY})
    assert done.status_code == 303 and _status(seeded, round_id) == "cancelled"
    with seeded() as session:
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "selection_round")
            .order_by(AuditEntry.id.desc())
        ).first()
    assert entry is not None and entry.after["status"] == "cancelled"
    assert entry.after["reason"] == WHY
    # A cancelled round has nothing to confirm: its confirmation leads back to the round.
    again = client.get(action)
    assert (
        again.status_code == 303 and again.headers["location"] == f"/targeting/{round_id}#decision"
    )


def test_only_the_city_office_sees_the_confirmation(client: TestClient, run_id: int) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    client.cookies.clear()
    login(client, OFFICER)
    assert client.get(f"/targeting/{round_id}/cancel").status_code == 403


def test_the_api_needs_a_reason_too(
    client: TestClient, seeded: sessionmaker[Session], run_id: int
) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    fields = csrf_from(client.get("/account/tokens").text)
    page = client.post("/account/tokens", data={"csrf_token": fields, "name": "api",
                       "once": re.findall(r'name="once" value="([^"]+)"',
                                          client.get("/account/tokens").text)[0]})  # fmt: skip
    bearer = {
        "Authorization": "Bearer " + page.text.split('<code class="secret">')[1].split("<")[0]
    }
    url = f"/api/v1/targeting/rounds/{round_id}/cancel"
    assert client.post(url, headers=bearer).status_code == 422
    assert client.post(url, json={"reason": ""}, headers=bearer).status_code == 422
    assert _status(seeded, round_id) == "draft"
    done = client.post(url, json={"reason": WHY}, headers=bearer)
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
