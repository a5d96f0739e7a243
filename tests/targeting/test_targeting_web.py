"""The targeting pages: forms with CSRF fields, 303 on success, 422/403 with the form kept."""

from __future__ import annotations

import html as htmllib
import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import form_and_csrf_counts
from web_support import ADMIN, COORDINATOR, OFFICER, VIEWER, FakeClock, csrf_from, login

from kraftsamling.core.db import transaction
from kraftsamling.targeting.models import SelectionRound


def _create(client: TestClient, run_id: int, k: str = "3", title: str = "Urval 2026") -> int:
    token = csrf_from(client.get("/targeting/new").text)
    response = client.post(
        "/targeting", data={"csrf_token": token, "run_id": str(run_id), "k": k, "title": title}
    )
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/targeting/(\d+)", response.headers["location"])
    assert match
    return int(match.group(1))


def _post(client: TestClient, url: str, data: dict[str, object]) -> object:
    page = client.get(url.rsplit("/", 1)[0])
    return client.post(url, data={"csrf_token": csrf_from(page.text), **data})


def _open(client: TestClient, round_id: int, *orgs: str, deadline: str = "2026-02-16") -> None:
    response = _post(
        client,
        f"/targeting/{round_id}/consultation",
        {"organisations": list(orgs or ("FRN",)), "deadline": deadline},
    )
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]


def _logout(client: TestClient) -> None:
    client.cookies.clear()


def _count_rounds(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as session:
        return session.scalar(select(func.count()).select_from(SelectionRound)) or 0


def test_coordinator_proposes_a_round_from_a_finished_run(client: TestClient, run_id: int) -> None:
    login(client, COORDINATOR)
    form = client.get("/targeting/new")
    assert form.status_code == 200
    assert (
        '<label for="round-k">' in form.text and f'<option value="{run_id}" selected>' in form.text
    )
    round_id = _create(client, run_id)
    page = client.get(f"/targeting/{round_id}")
    assert page.status_code == 200
    assert "<h1>Urval 2026</h1>" in page.text and "utkast" in page.text
    checked = re.findall(r'name="selected" value="(T\d)" checked', page.text)
    assert checked == ["T1", "T2", "T3"]
    assert '<label for="sel-1" class="visually-hidden">Välj Område T1</label>' in page.text
    # The interval is drawn and written: the drawing is hidden from screen readers.
    assert '<svg width="124" height="14" viewBox="-2 0 124 14" aria-hidden="true"' in page.text
    assert 'aria-label="Rang' not in page.text and 'role="img"' not in page.text
    assert '<span class="interval-text">1–1</span>' in page.text
    forms, csrf = form_and_csrf_counts(page.text)
    assert forms >= 3 and csrf == forms  # selection, consultation, logout
    assert f'href="/targeting/{round_id}/cancel"' in page.text  # cancelling is confirmed first
    listing = client.get("/targeting")
    assert f'<a href="/targeting/{round_id}">Urval 2026</a>' in listing.text
    assert "Inga målområden är beslutade ännu." in listing.text


def test_bad_proposal_rerenders_the_form_with_the_message_and_the_input(
    client: TestClient, run_id: int, seeded: sessionmaker[Session]
) -> None:
    login(client, COORDINATOR)
    token = csrf_from(client.get("/targeting/new").text)
    response = client.post(
        "/targeting",
        data={"csrf_token": token, "run_id": str(run_id), "k": "12", "title": "Mitt urval"},
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "Urvalsomgången kunde inte skapas" in response.text
    assert "Antal områden att föreslå (k) ska vara mellan 1 och 8" in response.text
    assert 'value="Mitt urval"' in response.text and 'value="12"' in response.text
    not_a_number = client.post(
        "/targeting", data={"csrf_token": token, "run_id": str(run_id), "k": "tio", "title": "x"}
    )
    assert not_a_number.status_code == 422
    assert "ska vara ett heltal från 1 och uppåt, skrivet med siffrorna 0–9" in not_a_number.text
    assert _count_rounds(seeded) == 0


def test_selection_form_saves_checkboxes(client: TestClient, run_id: int) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    response = _post(client, f"/targeting/{round_id}/areas", {"selected": ["T1", "T6"]})
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/targeting/{round_id}")
    assert re.findall(r'name="selected" value="(T\d)" checked', page.text) == ["T1", "T6"]
    assert "2 områden är valda just nu" in page.text


def test_consultation_form_refuses_a_past_deadline_and_keeps_the_choices(
    client: TestClient, run_id: int
) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    response = _post(
        client,
        f"/targeting/{round_id}/consultation",
        {"organisations": ["ASN", "KN"], "deadline": "2026-02-01"},
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert "Inbjudan kunde inte skickas." in html
    assert "Sista dag för synpunkter måste vara efter i dag (2026-02-02)" in html
    assert 'value="ASN" checked' in html and 'value="KN" checked' in html
    assert 'value="2026-02-01"' in html
    bad_date = _post(
        client,
        f"/targeting/{round_id}/consultation",
        {"organisations": ["ASN"], "deadline": "16/2"},
    )
    assert bad_date.status_code == 422  # type: ignore[attr-defined]
    assert "Skriv sista dag för synpunkter som ett datum ÅÅÅÅ-MM-DD" in bad_date.text  # type: ignore[attr-defined]


def test_whole_round_through_the_pages(client: TestClient, run_id: int, clock: FakeClock) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    _open(client, round_id, "FRN", "ASN")
    page = client.get(f"/targeting/{round_id}")
    assert "samråd pågår" in page.text and "till och med 2026-02-16" in page.text
    assert "Du föreslog den här omgången" in page.text  # the proposer gets no decision form
    assert f'action="/targeting/{round_id}/finalise"' not in page.text
    _logout(client)

    login(client, OFFICER)
    page = client.get(f"/targeting/{round_id}")
    options = re.findall(
        r'<select id="comment-org" name="organisation">(.*?)</select>', page.text, re.S
    )
    assert (
        len(options) == 1 and "Fritidsnämnden" in options[0] and "Arbetsmarknads" not in options[0]
    )
    assert f'action="/targeting/{round_id}/areas"' not in page.text
    response = _post(
        client,
        f"/targeting/{round_id}/comments",
        {
            "organisation": "FRN",
            "stance": "support",
            "area_code": "T2",
            "text": "Vi har mötesplatser i T2.",
        },
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/targeting/{round_id}")
    assert "Vi har mötesplatser i T2." in page.text and "Tillstyrker, om Område T2" in page.text
    _logout(client)

    clock.advance(days=15)
    login(client, ADMIN)
    response = _post(
        client,
        f"/targeting/{round_id}/finalise",
        {"rationale": "Motiveringen.\r\n\r\nAndra stycket.", "decision_ref": "KS 2026-03-04 § 51"},
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/targeting/{round_id}")
    assert "Beslut, version 1" in page.text
    assert "<p>Motiveringen.</p><p>Andra stycket.</p>" in page.text
    assert "KS 2026-03-04 § 51" in page.text
    assert 'name="selected"' not in page.text and "/finalise" not in page.text  # read-only now
    listing = client.get("/targeting")
    assert "Version 1, beslutad" in listing.text and "Område T3" in listing.text


def test_refused_comment_keeps_the_text_and_says_why(
    client: TestClient, run_id: int, clock: FakeClock
) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    _open(client, round_id, "FRN")
    _logout(client)
    clock.advance(days=15)
    login(client, OFFICER)
    page = client.get(f"/targeting/{round_id}")
    token = csrf_from(page.text)
    assert "Sista dag för synpunkter var 2026-02-16" in page.text
    assert 'id="comment-text"' not in page.text
    late = client.post(
        f"/targeting/{round_id}/comments",
        data={"csrf_token": token, "organisation": "FRN", "stance": "object", "text": "Sent svar."},
    )
    assert late.status_code == 403
    assert "Synpunkterna kunde inte tas emot." in late.text
    assert "Sista dag för synpunkter på urvalsomgång" in late.text
    assert ">Sent svar.</textarea>" in late.text and 'value="object" required checked' in late.text


def test_officer_may_not_comment_for_another_committee(client: TestClient, run_id: int) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    _open(client, round_id, "FRN", "ASN")
    _logout(client)
    login(client, OFFICER)
    response = _post(
        client,
        f"/targeting/{round_id}/comments",
        {"organisation": "ASN", "stance": "object", "text": "Ej vår."},
    )
    assert response.status_code == 403  # type: ignore[attr-defined]
    html = htmllib.unescape(response.text)  # type: ignore[attr-defined]
    assert "Du kan bara lämna synpunkter för din egen organisation, inte för ASN." in html
    assert ">Ej vår.</textarea>" in html


def test_empty_rationale_rerenders_with_the_reference_kept(
    client: TestClient, run_id: int, clock: FakeClock
) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    _open(client, round_id, "FRN")
    _logout(client)
    clock.advance(days=15)
    login(client, ADMIN)
    response = _post(
        client, f"/targeting/{round_id}/finalise", {"rationale": "  ", "decision_ref": "KS § 9"}
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert "Omgången kunde inte beslutas." in html
    assert "Skriv en motivering på minst 20 tecken" in html and "hade 0 tecken" in html
    assert 'value="KS § 9"' in html


def test_cancel_from_the_page(client: TestClient, run_id: int) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    assert (
        _post(
            client, f"/targeting/{round_id}/cancel", {"reason": "Nytt underlag behövs."}
        ).status_code
        == 303
    )  # type: ignore[attr-defined]
    page = client.get(f"/targeting/{round_id}")
    assert "avbruten" in page.text and "Omgången avbröts" in page.text
    assert 'name="selected"' not in page.text


def test_viewer_reads_but_changes_nothing(
    client: TestClient, run_id: int, seeded: sessionmaker[Session]
) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    _logout(client)
    login(client, VIEWER)
    assert client.get("/targeting").status_code == 200
    page = client.get(f"/targeting/{round_id}")
    assert page.status_code == 200 and 'name="selected"' not in page.text
    assert client.get("/targeting/new").status_code == 403
    token = csrf_from(page.text)
    for url, data in [
        ("/targeting", {"run_id": str(run_id), "k": "2", "title": "x"}),
        (f"/targeting/{round_id}/areas", {"selected": "T1"}),
        (f"/targeting/{round_id}/consultation", {"organisations": "FRN", "deadline": "2026-03-01"}),
        (f"/targeting/{round_id}/finalise", {"rationale": "x"}),
        (f"/targeting/{round_id}/cancel", {}),
    ]:
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 403, url
    assert _count_rounds(seeded) == 1


def test_forms_without_csrf_token_are_refused(client: TestClient, run_id: int) -> None:
    login(client, COORDINATOR)
    response = client.post("/targeting", data={"run_id": str(run_id), "k": "3", "title": "x"})
    assert response.status_code == 403


def test_anonymous_is_sent_to_login_and_missing_round_is_404(client: TestClient) -> None:
    response = client.get("/targeting")
    assert (
        response.status_code == 303 and response.headers["location"] == "/login?next=%2Ftargeting"
    )
    login(client, VIEWER)
    assert client.get("/targeting/77").status_code == 404


def test_english_pages(client: TestClient, run_id: int) -> None:
    login(client, COORDINATOR)
    round_id = _create(client, run_id)
    page = client.get(f"/targeting/{round_id}?lang=en")
    assert "Save the selection" in page.text and "draft" in page.text
