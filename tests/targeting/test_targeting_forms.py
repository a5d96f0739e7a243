"""The targeting forms at their edges: odd input, closed rounds, unranked areas, huge ids.

Every refusal re-renders the page with a message in the reader's language and what was typed.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import forget_top_k, unrank
from web_support import ADMIN, COORDINATOR, FakeClock, csrf_from, login

from kraftsamling.core.db import transaction
from kraftsamling.targeting.models import SelectionRound

RATIONALE = "De mest utsatta områdena, i samråd med nämnderna."
HUGE = "99999999999999999999"


def _create(client: TestClient, run_id: int, k: str = "3") -> int:
    token = csrf_from(client.get("/targeting/new").text)
    response = client.post(
        "/targeting", data={"csrf_token": token, "run_id": str(run_id), "k": k, "title": "Urval"}
    )
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/targeting/(\d+)", response.headers["location"])
    assert match
    return int(match.group(1))


def _post(client: TestClient, round_id: int, action: str, data: dict[str, Any]) -> Any:
    token = csrf_from(client.get(f"/targeting/{round_id}").text)
    return client.post(f"/targeting/{round_id}/{action}", data={"csrf_token": token, **data})


def _open(client: TestClient, round_id: int) -> None:
    response = _post(
        client, round_id, "consultation", {"organisations": ["FRN"], "deadline": "2026-02-16"}
    )
    assert response.status_code == 303, response.text


def _ready_to_decide(client: TestClient, run_id: int, clock: FakeClock, k: str = "3") -> int:
    """A round past its consultation, with the admin logged in to decide it."""
    login(client, COORDINATOR)
    round_id = _create(client, run_id, k)
    _open(client, round_id)
    client.cookies.clear()
    clock.advance(days=15)
    login(client, ADMIN)
    return round_id


def _status(factory: sessionmaker[Session], round_id: int) -> str:
    with transaction(factory) as session:
        rnd = session.get(SelectionRound, round_id)
        assert rnd is not None
        return rnd.status


def _rounds(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as session:
        return session.scalar(select(func.count()).select_from(SelectionRound)) or 0


# --------------------------------------------------------------- P(top k) is the run's k


def test_the_probability_column_names_the_runs_k_not_the_rounds(
    client: TestClient, run_id: int, clock: FakeClock
) -> None:
    round_id = _ready_to_decide(client, run_id, clock, k="2")  # the run's top_k is 3
    header = '<th scope="col">Sannolikhet bland de 3 mest utsatta</th>'
    page = client.get(f"/targeting/{round_id}").text
    assert header in page and "bland de 2 mest" not in page
    assert _post(client, round_id, "finalise", {"rationale": RATIONALE}).status_code == 303
    for url in ("/targeting", "/public/targets"):
        html = client.get(url).text
        assert header in html and "bland de 2 mest" not in html, url
    english = client.get("/public/targets?lang=en").text
    assert '<th scope="col">Probability of being among the 3 most vulnerable</th>' in english


def test_a_run_without_its_k_says_so_above_the_probabilities(
    client: TestClient, seeded: sessionmaker[Session], run_id: int
) -> None:
    forget_top_k(seeded, run_id)
    login(client, COORDINATOR)
    page = client.get(f"/targeting/{_create(client, run_id)}").text
    assert "Sannolikhet bland de mest utsatta (indexkörningen anger inget antal)" in page
    assert "bland de 3 mest" not in page


# ------------------------------------------------------- deciding a round that is closed


def test_deciding_or_cancelling_a_decided_round_again_says_why(
    client: TestClient, seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    round_id = _ready_to_decide(client, run_id, clock)
    token = csrf_from(client.get(f"/targeting/{round_id}").text)
    decide = {"csrf_token": token, "rationale": RATIONALE, "decision_ref": "KS § 1"}
    assert client.post(f"/targeting/{round_id}/finalise", data=decide).status_code == 303
    again = client.post(f"/targeting/{round_id}/finalise", data=decide)  # a double click
    assert again.status_code == 422
    assert 'role="alert"' in again.text and "Omgången kunde inte beslutas." in again.text
    assert f"Urvalsomgång {round_id} är redan beslutad." in again.text
    cancel = client.post(
        f"/targeting/{round_id}/cancel",
        data={"csrf_token": token, "reason": "Nytt underlag behövs."},
    )
    assert cancel.status_code == 422
    assert "Omgången kunde inte avbrytas." in cancel.text and "redan beslutad" in cancel.text
    english = client.post(
        f"/targeting/{round_id}/cancel?lang=en",
        data={"csrf_token": token, "reason": "Nytt underlag behövs."},
    )
    assert "The round could not be cancelled." in english.text
    assert "has already been decided" in english.text
    assert _status(seeded, round_id) == "finalised"


def test_cancelling_twice_or_deciding_a_cancelled_round_says_why(
    client: TestClient, seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    round_id = _ready_to_decide(client, run_id, clock)
    token = csrf_from(client.get(f"/targeting/{round_id}").text)
    assert (
        client.post(
            f"/targeting/{round_id}/cancel",
            data={"csrf_token": token, "reason": "Nytt underlag behövs."},
        ).status_code
        == 303
    )
    again = client.post(
        f"/targeting/{round_id}/cancel",
        data={"csrf_token": token, "reason": "Nytt underlag behövs."},
    )
    assert again.status_code == 422 and "Omgången kunde inte avbrytas." in again.text
    assert f"Urvalsomgång {round_id} är redan avbruten" in again.text
    decide = client.post(
        f"/targeting/{round_id}/finalise", data={"csrf_token": token, "rationale": RATIONALE}
    )
    assert decide.status_code == 422 and "Omgången kunde inte beslutas." in decide.text
    assert "redan avbruten" in decide.text
    assert _status(seeded, round_id) == "cancelled"


# ---------------------------------------------------------------------- the deadline


def test_the_deadline_field_runs_from_tomorrow_to_a_year_ahead(
    client: TestClient, run_id: int
) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    page = client.get(f"/targeting/{round_id}").text
    assert 'type="date" required min="2026-02-03" max="2027-02-02"' in page
    assert "Ett datum från 2026-02-03 till 2027-02-02" in page


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        ("2026-02-02", "måste vara efter i dag (2026-02-02); du angav 2026-02-02."),
        ("2027-02-03", "högst ett år fram, senast 2027-02-02; du angav 2027-02-03."),
        ("2026-W50-1", "som ett datum ÅÅÅÅ-MM-DD, till exempel 2026-03-15; du skrev ”2026-W50-1”."),
        ("20261220", "som ett datum ÅÅÅÅ-MM-DD, till exempel 2026-03-15; du skrev ”20261220”."),
    ],
)
def test_a_deadline_out_of_range_or_not_yyyy_mm_dd_is_refused_in_swedish(
    client: TestClient, seeded: sessionmaker[Session], run_id: int, deadline: str, message: str
) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    response = _post(
        client, round_id, "consultation", {"organisations": ["FRN", "ASN"], "deadline": deadline}
    )
    assert response.status_code == 422
    assert "Inbjudan kunde inte skickas." in response.text and message in response.text
    assert f'value="{deadline}"' in response.text and 'value="ASN" checked' in response.text
    assert _status(seeded, round_id) == "draft"


def test_the_last_day_of_the_year_ahead_is_taken(client: TestClient, run_id: int) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    response = _post(
        client, round_id, "consultation", {"organisations": ["FRN"], "deadline": "2027-02-02"}
    )
    assert response.status_code == 303


# ------------------------------------------------------------------------------ k


@pytest.mark.parametrize("k", ["٣", "３", "3.0", "1_0"])
def test_k_in_other_digits_is_refused_with_the_input_kept(
    client: TestClient, seeded: sessionmaker[Session], run_id: int, k: str
) -> None:
    login(client, COORDINATOR)
    token = csrf_from(client.get("/targeting/new").text)
    response = client.post(
        "/targeting", data={"csrf_token": token, "run_id": str(run_id), "k": k, "title": "Urval"}
    )
    assert response.status_code == 422
    assert "ska vara ett heltal från 1 och uppåt, skrivet med siffrorna 0–9" in response.text
    assert f'value="{k}"' in response.text and 'value="Urval"' in response.text
    assert _rounds(seeded) == 0


# ------------------------------------------------------------------ paragraphs, rationale


def test_a_comment_is_printed_one_paragraph_at_a_time(client: TestClient, run_id: int) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    _open(client, round_id)
    text = "Första stycket.\r\n\r\nAndra stycket,\r\nsamma stycke.\r\n \r\nTredje."
    response = _post(
        client, round_id, "comments", {"organisation": "FRN", "stance": "support", "text": text}
    )
    assert response.status_code == 303
    page = client.get(f"/targeting/{round_id}").text
    assert "<p>Första stycket.</p><p>Andra stycket,\nsamma stycke.</p><p>Tredje.</p>" in page


def test_a_one_letter_rationale_is_refused_with_the_form_kept(
    client: TestClient, seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    round_id = _ready_to_decide(client, run_id, clock)
    page = client.get(f"/targeting/{round_id}").text
    assert 'name="rationale" rows="8" required minlength="20"' in page
    response = _post(client, round_id, "finalise", {"rationale": " x ", "decision_ref": "KS § 9"})
    assert response.status_code == 422
    assert "Omgången kunde inte beslutas." in response.text
    assert "Skriv en motivering på minst 20 tecken" in response.text
    assert "Den du skrev hade 1 tecken." in response.text
    assert "> x </textarea>" in response.text and 'value="KS § 9"' in response.text
    assert _status(seeded, round_id) == "consultation"


# ------------------------------------------------------------------------ unranked areas


def test_an_unranked_area_is_shown_as_such_and_cannot_be_selected(
    client: TestClient, seeded: sessionmaker[Session], run_id: int
) -> None:
    unrank(seeded, run_id, "T8")
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    page = client.get(f"/targeting/{round_id}").text
    assert '<a href="/areas/T8">Område T8</a>' in page and 'value="T8"' not in page
    row = re.search(r"<tr>\s*<td>Kan inte väljas</td>\s*<td>Ej rangordnat</td>", page)
    assert row is not None
    assert "1 områden saknar rang i indexkörningen" in page
    response = _post(client, round_id, "areas", {"selected": ["T1", "T8"]})
    assert response.status_code == 422
    assert "Urvalet kunde inte sparas." in response.text
    assert "Område T8 (T8) saknar rang i indexkörningen" in response.text
    # What was ticked is kept, the unranked area too, so it can be unticked.
    ticked = re.findall(r'name="selected" value="(T\d)" checked', response.text)
    assert ticked == ["T1", "T8"]
    page = client.get(f"/targeting/{round_id}").text
    assert re.findall(r'name="selected" value="(T\d)" checked', page) == ["T1", "T2", "T3"]


# ----------------------------------------------------------------------------- huge ids


def test_a_huge_or_unknown_run_id_is_refused_in_the_form(
    client: TestClient, seeded: sessionmaker[Session], run_id: int
) -> None:
    login(client, COORDINATOR)
    token = csrf_from(client.get("/targeting/new").text)
    for value, message in [
        (HUGE, f"Välj en indexkörning i listan; ”{HUGE}” är inte numret på en indexkörning."),
        ("2147483647", "Det finns ingen indexkörning nr 2147483647."),
    ]:
        response = client.post(
            "/targeting", data={"csrf_token": token, "run_id": value, "k": "3", "title": "Stort"}
        )
        assert response.status_code == 422, value
        assert "Urvalsomgången kunde inte skapas." in response.text and message in response.text
        assert 'value="Stort"' in response.text
    assert _rounds(seeded) == 0


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("areas", {"selected": "T1"}),
        ("consultation", {"organisations": "FRN", "deadline": "2026-03-01"}),
        ("comments", {"organisation": "FRN", "stance": "support", "text": "Hej"}),
        ("finalise", {"rationale": RATIONALE}),
        ("cancel", {}),
    ],
)
def test_a_huge_round_id_is_not_found(
    client: TestClient, run_id: int, action: str, data: dict[str, str]
) -> None:
    login(client, COORDINATOR)
    token = csrf_from(client.get("/targeting").text)
    assert client.get(f"/targeting/{HUGE}").status_code == 404
    response = client.post(f"/targeting/{HUGE}/{action}", data={"csrf_token": token, **data})
    assert response.status_code == 404
    assert "Sidan eller uppgiften finns inte." in response.text
