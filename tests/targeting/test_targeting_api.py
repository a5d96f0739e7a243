"""``/api/v1/targeting``: the same rules as the pages, bearer tokens, one error shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import (
    ADMIN_EMAIL,
    COORDINATOR_EMAIL,
    OFFICER_EMAIL,
    VIEWER_EMAIL,
    api_token,
    unrank,
)
from web_support import FakeClock

BASE = "/api/v1/targeting"
WHY = {"reason": "Nämnderna vill ha nya siffror."}


@pytest.fixture
def tokens(seeded: sessionmaker[Session], clock: FakeClock) -> dict[str, dict[str, str]]:
    return {
        role: api_token(seeded, email, clock)
        for role, email in [
            ("admin", ADMIN_EMAIL),
            ("coordinator", COORDINATOR_EMAIL),
            ("officer", OFFICER_EMAIL),
            ("viewer", VIEWER_EMAIL),
        ]
    }


def _new(client: TestClient, run_id: int, auth: dict[str, str], k: int = 3) -> dict[str, object]:
    response = client.post(
        f"{BASE}/rounds", json={"index_run_id": run_id, "k": k, "title": "API-urval"}, headers=auth
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_a_round_from_proposal_to_current_targets(
    client: TestClient, run_id: int, tokens: dict[str, dict[str, str]], clock: FakeClock
) -> None:
    coord, officer, admin = tokens["coordinator"], tokens["officer"], tokens["admin"]
    created = _new(client, run_id, coord)
    rid = created["id"]
    assert created["status"] == "draft" and len(created["areas"]) == 8  # type: ignore[arg-type]
    assert [a["area_code"] for a in created["areas"] if a["selected"]] == ["T1", "T2", "T3"]  # type: ignore[attr-defined,index]
    changed = client.post(
        f"{BASE}/rounds/{rid}/areas", json={"selected": ["T1", "T4"]}, headers=coord
    )
    assert changed.status_code == 200
    assert [a["area_code"] for a in changed.json()["areas"] if a["selected"]] == ["T1", "T4"]
    opened = client.post(
        f"{BASE}/rounds/{rid}/consultation",
        json={"organisations": ["FRN"], "deadline": "2026-02-20"},
        headers=coord,
    )
    assert opened.status_code == 200 and opened.json()["status"] == "consultation"
    assert opened.json()["invitations"][0]["organisation"] == "FRN"
    comment = client.post(
        f"{BASE}/rounds/{rid}/comments",
        json={"stance": "support", "text": "Bra urval.", "area_code": "T4"},
        headers=officer,
    )
    assert comment.status_code == 201, comment.text
    assert comment.json()["organisation"] == "FRN" and comment.json()["area_code"] == "T4"
    decided = client.post(
        f"{BASE}/rounds/{rid}/finalise",
        json={"rationale": "Motivering av urvalet.", "decision_ref": "KS § 1"},
        headers=admin,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["version"] == 1 and decided.json()["status"] == "finalised"
    current = client.get(f"{BASE}/current", headers=tokens["viewer"]).json()
    assert current["round"]["id"] == rid
    assert [a["code"] for a in current["areas"]] == ["T1", "T4"]
    one = client.get(f"{BASE}/rounds/{rid}", headers=tokens["viewer"]).json()
    assert (
        one["comments"][0]["text"] == "Bra urval." and one["rationale"] == "Motivering av urvalet."
    )
    listed = client.get(f"{BASE}/rounds", headers=officer).json()
    assert [r["id"] for r in listed] == [rid] and "areas" not in listed[0]


def test_current_is_empty_before_a_decision(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    response = client.get(f"{BASE}/current", headers=tokens["viewer"])
    assert response.status_code == 200 and response.json() == {
        "round": None,
        "areas": [],
        "top_k": None,
    }


def test_errors_share_one_shape(
    client: TestClient, run_id: int, tokens: dict[str, dict[str, str]], clock: FakeClock
) -> None:
    coord = tokens["coordinator"]

    def error(response: object, status: int, code: str) -> str:
        assert response.status_code == status, response.text  # type: ignore[attr-defined]
        body = response.json()  # type: ignore[attr-defined]
        assert set(body) == {"error"} and body["error"]["code"] == code
        return str(body["error"]["message"])

    viewer_try = client.post(
        f"{BASE}/rounds",
        json={"index_run_id": run_id, "k": 2, "title": "x"},
        headers=tokens["viewer"],
    )
    error(viewer_try, 403, "forbidden")
    schema_fail = client.post(
        f"{BASE}/rounds", json={"index_run_id": run_id, "k": 0, "title": "x"}, headers=coord
    )
    error(schema_fail, 422, "invalid_input")
    rule_fail = client.post(
        f"{BASE}/rounds", json={"index_run_id": run_id, "k": 20, "title": "x"}, headers=coord
    )
    assert "between 1 and 8" in error(rule_fail, 422, "invalid_input")
    error(client.get(f"{BASE}/rounds/99", headers=coord), 404, "not_found")
    error(client.get(f"{BASE}/rounds"), 401, "unauthenticated")
    error(client.get(f"{BASE}/current"), 401, "unauthenticated")
    rid = _new(client, run_id, coord)["id"]
    own = client.post(
        f"{BASE}/rounds/{rid}/consultation",
        json={"organisations": ["FRN"], "deadline": "2026-02-10"},
        headers=coord,
    )
    assert own.status_code == 200
    clock.advance(days=9)
    late = client.post(
        f"{BASE}/rounds/{rid}/comments",
        json={"stance": "object", "text": "x"},
        headers=tokens["officer"],
    )
    assert "was 2026-02-10" in error(late, 403, "forbidden")
    four_eyes = client.post(f"{BASE}/rounds/{rid}/finalise", json={"rationale": "x"}, headers=coord)
    assert "cannot also finalise" in error(four_eyes, 403, "forbidden")
    officer_edit = client.post(
        f"{BASE}/rounds/{rid}/areas", json={"selected": []}, headers=tokens["officer"]
    )
    error(officer_edit, 403, "forbidden")
    cancelled = client.post(f"{BASE}/rounds/{rid}/cancel", json=WHY, headers=tokens["admin"])
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = client.post(f"{BASE}/rounds/{rid}/cancel", json=WHY, headers=tokens["admin"])
    assert "is cancelled" in error(again, 422, "invalid_input")


def test_openapi_describes_the_targeting_api(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/rounds",
        "/rounds/{round_id}",
        "/rounds/{round_id}/areas",
        "/rounds/{round_id}/consultation",
        "/rounds/{round_id}/comments",
        "/rounds/{round_id}/finalise",
        "/rounds/{round_id}/cancel",
        "/current",
    ):
        assert f"{BASE}{path}" in paths, path
    post = paths[f"{BASE}/rounds"]["post"]
    assert "403" in post["responses"] and "422" in post["responses"]
    assert not any(p.startswith("/targeting") or p.startswith("/public") for p in paths)


HUGE = 99999999999999999999


def test_huge_ids_are_not_found_or_invalid_never_a_server_error(
    client: TestClient, run_id: int, tokens: dict[str, dict[str, str]]
) -> None:
    coord = tokens["coordinator"]
    assert client.get(f"{BASE}/rounds/{HUGE}", headers=coord).status_code == 404
    for action, body in [
        ("areas", {"selected": []}),
        ("consultation", {"organisations": ["FRN"], "deadline": "2026-03-01"}),
        ("comments", {"stance": "support", "text": "Hej"}),
        ("finalise", {"rationale": "En motivering som är lång nog."}),
        ("cancel", None),
    ]:
        response = client.post(f"{BASE}/rounds/{HUGE}/{action}", json=body, headers=coord)
        assert response.status_code == 404, action
        assert response.json()["error"]["code"] == "not_found"
    for index_run_id in (HUGE, 2**31):
        response = client.post(
            f"{BASE}/rounds",
            json={"index_run_id": index_run_id, "k": 3, "title": "x"},
            headers=coord,
        )
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"


def test_the_api_refuses_what_the_pages_refuse(
    client: TestClient,
    seeded: sessionmaker[Session],
    run_id: int,
    tokens: dict[str, dict[str, str]],
    clock: FakeClock,
) -> None:
    unrank(seeded, run_id, "T8")
    coord = tokens["coordinator"]
    created = _new(client, run_id, coord, k=2)
    assert created["top_k"] == 3  # the run's k, which every p_top_k refers to
    rid = created["id"]
    unranked = client.post(f"{BASE}/rounds/{rid}/areas", json={"selected": ["T8"]}, headers=coord)
    assert unranked.status_code == 422 and "have no rank" in unranked.json()["error"]["message"]
    for deadline in ("20260220", "2026-W08-5", 1771545600, "2027-02-03"):
        refused = client.post(
            f"{BASE}/rounds/{rid}/consultation",
            json={"organisations": ["FRN"], "deadline": deadline},
            headers=coord,
        )
        assert refused.status_code == 422, deadline
    opened = client.post(
        f"{BASE}/rounds/{rid}/consultation",
        json={"organisations": ["FRN"], "deadline": "2026-02-20"},
        headers=coord,
    )
    assert opened.status_code == 200
    clock.advance(days=20)
    short = client.post(
        f"{BASE}/rounds/{rid}/finalise", json={"rationale": "  x  "}, headers=tokens["admin"]
    )
    assert short.status_code == 422
    assert "at least 20 characters; got 1" in short.json()["error"]["message"]
