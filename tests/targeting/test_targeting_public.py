"""``/public/targets``: the current target areas on a map and in a table, without logging in."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import ADMIN_EMAIL, COORDINATOR_EMAIL, OFFICER_EMAIL, user
from web_support import FakeClock

from kraftsamling.core.db import transaction
from kraftsamling.targeting import service


def _decide(
    factory: sessionmaker[Session], run_id: int, clock: FakeClock, selected: list[str]
) -> None:
    with transaction(factory) as db:
        coordinator = user(db, COORDINATOR_EMAIL)
        rnd = service.create_round(
            db, run_id=run_id, k=3, title="Urval", user=coordinator, clock=clock
        )
        service.set_selection(db, round_id=rnd.id, selected=selected, user=coordinator)
        service.open_consultation(
            db,
            round_id=rnd.id,
            organisation_codes=["FRN"],
            deadline=clock().date().replace(day=20),
            user=coordinator,
            clock=clock,
        )
        service.add_comment(
            db,
            round_id=rnd.id,
            user=user(db, OFFICER_EMAIL),
            stance="support",
            text="Hemligt internt",
            clock=clock,
        )
        service.finalise_round(
            db,
            round_id=rnd.id,
            user=user(db, ADMIN_EMAIL),
            clock=clock,
            rationale="Högst utsatthet.\n\nSamråd med nämnderna.",
            decision_ref="KS 2026-03-04 § 51",
        )


def test_before_any_decision_the_page_says_so(client: TestClient) -> None:
    page = client.get("/public/targets")
    assert page.status_code == 200
    assert "Inga målområden är beslutade ännu." in page.text
    assert '<svg role="group"' not in page.text


def test_anonymous_sees_the_map_table_and_rationale(
    client: TestClient, seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    _decide(seeded, run_id, clock, ["T1", "T2", "T5"])
    page = client.get("/public/targets")
    assert page.status_code == 200
    html = page.text
    assert "Version 1, beslutad 2026-02-02 10:00: 3 målområden." in html
    # The map: a group of labelled links, targets hatched (not told apart by colour alone).
    assert '<svg role="group" aria-labelledby="targets-map-title"' in html
    assert html.count("<path ") == 8
    assert html.count('fill="url(#target-hatch)"') == 3 + 1  # three areas and the legend swatch
    assert 'aria-label="Område T5: målområde"' in html
    assert 'aria-label="Område T4: inte målområde"' in html
    assert '<a href="/public/areas/T5"' in html
    # The table of target areas, in rank order, with the index's uncertainty.
    rows = re.findall(r'<th scope="row"><a href="/public/areas/(T\d)">', html)
    assert rows == ["T1", "T2", "T5"]
    assert "<caption>Målområden, version 1 (3 områden)</caption>" in html
    assert '<th scope="col">Sannolikhet bland de 3 mest utsatta</th>' in html
    assert "<p>Högst utsatthet.</p><p>Samråd med nämnderna.</p>" in html
    assert "KS 2026-03-04 § 51" in html
    assert "Hemligt internt" not in html  # comments are internal


def test_public_page_in_english(
    client: TestClient, seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    _decide(seeded, run_id, clock, ["T1"])
    html = client.get("/public/targets?lang=en").text
    assert "Target areas of the concentrated efforts" in html
    assert 'aria-label="Område T1: target area"' in html
