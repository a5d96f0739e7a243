"""Bad input to the fund's API gets a clear message and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from funds_support import COORDINATOR, OFFICER, OTHER_OFFICER
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import api_token
from web_support import FakeClock, make_client

from kraftsamling.core.audit import AuditEntry

DRAFT: dict[str, Any] = {
    "fund_id": 1, "year": 2026, "title": "Läxhjälp", "process": "universal_prevention",
    "description": "Läxhjälp två kvällar i veckan och träffar för föräldrar i området.",
    "themes": ["parents"], "areas": ["T1"], "age_bands": ["13-15"], "reach": 80,
    "amount_ore": 90_000_00, "period_start": "2026-03-01", "period_end": "2026-12-31",
    "contact_name": "Pia Prevention", "contact_email": "pia@example.org",
}  # fmt: skip
ASSESS = {"recommendation": "full", "assessment": "Insatsen stärker föräldrar i målområdet."}


@pytest.fixture
def client(world: sessionmaker[Session], clock: FakeClock) -> Iterator[TestClient]:
    with make_client(world, clock) as c:
        yield c


@pytest.fixture
def heads(world: sessionmaker[Session], clock: FakeClock) -> dict[str, dict[str, str]]:
    users = (("officer", OFFICER), ("coordinator", COORDINATOR), ("other", OTHER_OFFICER))
    return {who: api_token(world, email, clock) for who, email in users}


def _trail(world: sessionmaker[Session]) -> int:
    with world() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    message = response.json()["error"]["message"]
    assert len(message) > 10
    return str(message)


@pytest.mark.parametrize("amount", [-5, 0, 12.5, "1000", 10**15])
def test_a_bad_amount_is_refused_and_saves_nothing(
    client: TestClient, world: sessionmaker[Session], heads: dict[str, Any], amount: object
) -> None:
    trail = _trail(world)
    message = _error(
        client.post("/api/v1/call-offs", json={**DRAFT, "amount_ore": amount},
                    headers=heads["officer"]), 422)  # fmt: skip
    assert "amount_ore" in message
    assert client.get("/api/v1/call-offs", headers=heads["officer"]).json() == []
    assert _trail(world) == trail


def _submitted(client: TestClient, heads: dict[str, Any], **changes: Any) -> dict[str, Any]:
    made = client.post("/api/v1/call-offs", json={**DRAFT, **changes}, headers=heads["officer"])
    assert made.status_code == 201, made.text
    body = made.json()
    sent = client.post(f"/api/v1/call-offs/{body['id']}/submit",
                       json={"version": body["version"]}, headers=heads["officer"])  # fmt: skip
    return dict(sent.json()) if sent.status_code == 200 else {"id": body["id"], "sent": sent}


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"areas": ["X99"]}, "X99"),
        ({"areas": ["T5"]}, "T5"),
        ({"amount_ore": 10_000_001_00}, "remains"),
    ],
)
def test_a_call_off_that_does_not_qualify_is_not_submitted(
    client: TestClient, world: sessionmaker[Session], heads: dict[str, Any],
    changes: dict[str, Any], says: str,
) -> None:  # fmt: skip
    result = _submitted(client, heads, **changes)
    assert says in _error(result["sent"], 422)
    again = client.get(f"/api/v1/call-offs/{result['id']}", headers=heads["officer"]).json()
    assert again["status"] == "draft" and again["case_number"] is None


def test_another_organisations_call_off_is_not_found_and_not_changed(
    client: TestClient, heads: dict[str, Any]
) -> None:
    c = _submitted(client, heads)
    url = f"/api/v1/call-offs/{c['id']}"
    _error(
        client.post(f"{url}/withdraw", json={"version": c["version"]}, headers=heads["other"]), 404
    )
    assert client.get(url, headers=heads["officer"]).json()["status"] == "submitted"


def test_a_stale_version_sent_twice_has_exactly_one_effect(
    client: TestClient, world: sessionmaker[Session], heads: dict[str, Any]
) -> None:
    c = _submitted(client, heads)
    url = f"/api/v1/call-offs/{c['id']}/assess"
    body = {"version": c["version"], **ASSESS}
    assert client.post(url, json=body, headers=heads["coordinator"]).status_code == 200
    trail = _trail(world)
    second = client.post(url, json=body, headers=heads["coordinator"])
    assert second.status_code in (409, 422)
    assert _trail(world) == trail
    now = client.get(f"/api/v1/call-offs/{c['id']}", headers=heads["officer"]).json()
    assert now["version"] == c["version"] + 1


def test_out_of_order_and_beyond_the_grant_are_refused(
    client: TestClient, world: sessionmaker[Session], heads: dict[str, Any]
) -> None:
    c = _submitted(client, heads)
    url, co = f"/api/v1/call-offs/{c['id']}", heads["coordinator"]
    trail = _trail(world)
    decide = {"version": c["version"], "granted": True, "body": "city_director",
              "meeting_date": "2026-02-10"}  # fmt: skip
    assert "assess" in _error(client.post(f"{url}/decide", json=decide, headers=co), 422)
    money = {"amount_ore": 1_00, "paid_on": "2026-02-20"}
    _error(client.post(f"{url}/payments", json=money, headers=co), 422)
    assert _trail(world) == trail
    v = client.post(f"{url}/assess", json={"version": c["version"], **ASSESS}, headers=co).json()
    granted = client.post(f"{url}/decide", json={**decide, "version": v["version"]}, headers=co)
    assert granted.status_code == 200, granted.text
    trail = _trail(world)
    over = {"amount_ore": 90_000_01, "paid_on": "2026-02-20"}
    assert "90" in _error(client.post(f"{url}/payments", json=over, headers=co), 409)
    assert _error(client.post(f"{url}/refunds", json=money, headers=co), 422)
    after = client.get(url, headers=co).json()
    assert (after["paid_ore"], after["status"], _trail(world)) == (0, "granted", trail)
