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
    factory: sessionmaker[Session],
    run_id: int,
    clock: FakeClock,
    selected: list[str],
    k: int = 3,
) -> None:
    with transaction(factory) as db:
        coordinator = user(db, COORDINATOR_EMAIL)
        rnd = service.create_round(
            db, run_id=run_id, k=k, title="Urval", user=coordinator, clock=clock
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


def test_the_json_twin_needs_no_login_and_shows_what_the_page_shows(
    client: TestClient, seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    before = client.get("/api/v1/public/targets")
    assert before.status_code == 200
    assert before.json()["version"] is None and before.json()["areas"] == []
    _decide(seeded, run_id, clock, ["T1", "T2", "T5"], k=2)
    response = client.get("/api/v1/public/targets")
    assert response.status_code == 200
    body = response.json()
    assert [a["code"] for a in body["areas"]] == ["T1", "T2", "T5"]
    assert (body["version"], body["k"], body["top_k"], body["index_run_year"]) == (1, 2, 3, 2024)
    assert body["rationale"] == "Högst utsatthet.\n\nSamråd med nämnderna."
    assert body["decision_ref"] == "KS 2026-03-04 § 51" and body["synthetic"] is False
    assert body["areas"][0]["p_top_k"] == 1.0
    # Comments and who proposed or decided stay internal.
    assert "Hemligt internt" not in response.text and "proposed_by" not in body
    # The internal twin still needs a token.
    assert client.get("/api/v1/targeting/current").status_code == 401


def test_the_json_twin_is_in_the_openapi_description(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    get = spec["paths"]["/api/v1/public/targets"]["get"]
    assert get["tags"] == ["public"] and "security" not in get
    assert "without logging in" in get["description"]
    fields = spec["components"]["schemas"]["PublicTargetsOut"]["properties"]
    assert "Not the round's own k" in fields["top_k"]["description"]
    assert "/public/targets" not in spec["paths"]  # the page itself is not API


def test_the_public_page_labels_the_probability_with_the_runs_k(
    client: TestClient, seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    _decide(seeded, run_id, clock, ["T1"], k=1)
    html = client.get("/public/targets").text
    assert '<th scope="col">Sannolikhet bland de 3 mest utsatta</th>' in html
    assert "bland de 1 mest" not in html
