"""The fund's JSON API end to end on both backends, with the same rules as the service."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from funds_support import COORDINATOR, OFFICER, OTHER_OFFICER, VIEWER
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import api_token
from web_support import FakeClock, make_client

DRAFT = {
    "fund_id": 1,
    "year": 2026,
    "title": "Läxhjälp och föräldraträffar",
    "description": "Läxhjälp två kvällar i veckan och träffar för föräldrar i området.",
    "process": "universal_prevention",
    "themes": ["parents"],
    "areas": ["T1"],
    "age_bands": ["6-12", "13-15"],
    "reach": 80,
    "amount_ore": 90_000_00,
    "period_start": "2026-03-01",
    "period_end": "2026-12-31",
    "contact_name": "Pia Prevention",
    "contact_email": "pia@example.org",
}


@pytest.fixture
def client(world: sessionmaker[Session], clock: FakeClock) -> Iterator[TestClient]:
    with make_client(world, clock) as c:
        yield c


def _as(world: sessionmaker[Session], clock: FakeClock, email: str) -> dict[str, str]:
    return api_token(world, email, clock)


def test_a_light_call_off_from_draft_to_public_grant(
    client: TestClient, world: sessionmaker[Session], clock: FakeClock
) -> None:
    officer, coordinator = _as(world, clock, OFFICER), _as(world, clock, COORDINATOR)
    made = client.post("/api/v1/call-offs", json=DRAFT, headers=officer)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["findings"] == [] and "submit" in body["actions"]
    cid, version = body["id"], body["version"]
    sent = client.post(
        f"/api/v1/call-offs/{cid}/submit", json={"version": version}, headers=officer
    ).json()
    assert sent["status"] == "submitted" and sent["case_number"].startswith("STK-2026-")
    again = client.post(
        f"/api/v1/call-offs/{cid}/submit", json={"version": version}, headers=officer
    )
    assert again.status_code == 422  # already submitted: out of order, nothing changes
    assessed = client.post(
        f"/api/v1/call-offs/{cid}/assess",
        headers=coordinator,
        json={
            "version": sent["version"],
            "recommendation": "full",
            "assessment": "Insatsen stärker föräldrar i målområdet och är billig.",
        },
    ).json()
    assert assessed["decision_body"] == "city_director"
    decided = client.post(
        f"/api/v1/call-offs/{cid}/decide",
        headers=coordinator,
        json={
            "version": assessed["version"],
            "granted": True,
            "body": "city_director",
            "meeting_date": "2026-02-10",
        },
    )
    assert decided.status_code == 200, decided.text
    paid = client.post(
        f"/api/v1/call-offs/{cid}/payments",
        headers=coordinator,
        json={"amount_ore": 45_000_00, "paid_on": "2026-02-15"},
    ).json()
    assert (paid["status"], paid["paid_ore"]) == ("paid", 45_000_00)
    grants = client.get("/api/v1/public/grants").json()
    assert len(grants) == 1
    g = grants[0]
    assert (g["amountAwarded"], g["amountDisbursed"], g["currency"]) == (90_000, 45_000, "SEK")
    assert g["id"].endswith(sent["case_number"]) and "assessment" not in str(g)
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/public/grants?format=csv").text)))
    assert (
        rows[0]["Amount Awarded"] == "90000"
        and rows[0]["Beneficiary Location:Geographic Code"] == "T1"
    )
    fund = client.get("/api/v1/funds/1", headers=coordinator).json()
    figures = fund["frames"][0]["figures"]
    assert figures["granted_ore"] == 90_000_00
    assert figures["remaining_ore"] == 10_000_000_00 - 90_000_00


def test_others_cannot_see_or_touch_an_officers_call_off(
    client: TestClient, world: sessionmaker[Session], clock: FakeClock
) -> None:
    officer = _as(world, clock, OFFICER)
    cid = client.post("/api/v1/call-offs", json=DRAFT, headers=officer).json()["id"]
    other = _as(world, clock, OTHER_OFFICER)
    assert client.get(f"/api/v1/call-offs/{cid}", headers=other).status_code == 404
    assert (
        client.post(
            f"/api/v1/call-offs/{cid}/submit", json={"version": 1}, headers=other
        ).status_code
        == 404
    )
    viewer = _as(world, clock, VIEWER)
    assert client.get(f"/api/v1/call-offs/{cid}", headers=viewer).status_code == 404  # a draft
    client.post(f"/api/v1/call-offs/{cid}/submit", json={"version": 1}, headers=officer)
    assert client.get(f"/api/v1/call-offs/{cid}", headers=viewer).status_code == 200
    assert (
        client.post(
            f"/api/v1/call-offs/{cid}/withdraw", json={"version": 2}, headers=viewer
        ).status_code
        == 403
    )


@pytest.mark.parametrize("amount", [0, -100, 12.5, "100", True, 10**15])
def test_bad_amounts_are_refused(
    client: TestClient, world: sessionmaker[Session], clock: FakeClock, amount: object
) -> None:
    officer = _as(world, clock, OFFICER)
    response = client.post(
        "/api/v1/call-offs", json=DRAFT | {"amount_ore": amount}, headers=officer
    )
    assert response.status_code == 422
    assert client.get("/api/v1/call-offs", headers=officer).json() == []


def test_the_list_pages_and_hides_others_drafts(
    client: TestClient, world: sessionmaker[Session], clock: FakeClock
) -> None:
    officer, coordinator = _as(world, clock, OFFICER), _as(world, clock, COORDINATOR)
    ids = [
        client.post("/api/v1/call-offs", json=DRAFT, headers=officer).json()["id"] for _ in range(3)
    ]
    client.post(f"/api/v1/call-offs/{ids[0]}/submit", json={"version": 1}, headers=officer)
    assert [c["id"] for c in client.get("/api/v1/call-offs", headers=officer).json()] == ids[::-1]
    page = client.get("/api/v1/call-offs?limit=2&offset=1", headers=officer).json()
    assert [c["id"] for c in page] == [ids[1], ids[0]]
    assert [c["id"] for c in client.get("/api/v1/call-offs", headers=coordinator).json()] == [
        ids[0]
    ]  # drafts stay with their organisation
    assert client.get("/api/v1/call-offs?limit=0", headers=officer).status_code == 422
