"""A decided round links to its record in the decision register, through the form and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import ADMIN_EMAIL, COORDINATOR_EMAIL, api_token, user
from web_support import FakeClock

from kraftsamling.core.db import transaction
from kraftsamling.decisions.models import Decision
from kraftsamling.targeting import service
from kraftsamling.targeting.models import SelectionRound

RATIONALE = "De mest utsatta delområdena enligt indexet och nämndernas synpunkter."


@pytest.fixture
def ready(seeded: sessionmaker[Session], run_id: int, clock: FakeClock) -> int:
    """A round in consultation past its deadline, proposed by the coordinator."""
    with transaction(seeded) as s:
        rnd = service.create_round(
            s, run_id=run_id, k=3, title="Omgång", clock=clock, user=user(s, COORDINATOR_EMAIL)
        )
        service.open_consultation(
            s,
            round_id=rnd.id,
            organisation_codes=["FRN"],
            clock=clock,
            deadline=clock().date() + dt.timedelta(days=2),
            user=user(s, COORDINATOR_EMAIL),
        )
        rid = rnd.id
    clock.advance(days=5)
    return rid


def test_the_api_registers_the_decision_and_links_it(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock, ready: int
) -> None:
    headers = api_token(seeded, ADMIN_EMAIL, clock)
    body = {
        "rationale": RATIONALE,
        "decision": {
            "body": "Kommunstyrelsen",
            "meeting_date": "2026-03-04",
            "paragraph": "51",
            "case_number": "STK-2024-1374",
        },
    }
    answer = client.post(f"/api/v1/targeting/rounds/{ready}/finalise", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["decision_ref"] == "Kommunstyrelsen 2026-03-04 § 51, STK-2024-1374"
    with seeded() as s:
        rnd = s.get(SelectionRound, ready)
        record = s.scalars(select(Decision)).one()
        assert rnd is not None and rnd.decision_id == record.id
        assert record.heading == "Målområden: Omgång" and record.body_kind == "board"


def test_a_half_filled_decision_is_refused_and_the_form_kept(
    client: TestClient, seeded: sessionmaker[Session], ready: int
) -> None:
    from web_support import csrf_from, login

    login(client, (ADMIN_EMAIL, "Demo-admin-2026"))
    token = csrf_from(client.get(f"/targeting/{ready}").text)
    answer = client.post(
        f"/targeting/{ready}/finalise",
        data={"csrf_token": token, "rationale": RATIONALE, "decision_body": "Kommunstyrelsen"},
    )
    assert answer.status_code == 422
    assert "sammanträdesdag" in answer.text and RATIONALE in answer.text
    done = client.post(
        f"/targeting/{ready}/finalise",
        data={
            "csrf_token": token,
            "rationale": RATIONALE,
            "decision_body": "Kommunstyrelsen",
            "decision_date": "2026-03-04",
            "decision_paragraph": "§ 51",
        },
    )
    assert done.status_code == 303
    page = client.get(f"/targeting/{ready}").text
    with seeded() as s:
        record = s.scalars(select(Decision)).one()
    assert f'href="/public/decisions#decision-{record.id}"' in page
    assert f'id="decision-{record.id}"' in client.get("/public/decisions").text
