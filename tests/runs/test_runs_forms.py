"""The new-run form and its API twin refuse bad input with a message people can act on.

A refused form comes back with the values as typed and a Swedish message, and nothing is
stored; the API answers 422 in its one error shape. Ids too large for the database are 404.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from runs_support import TINY_SPEC
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import COORDINATOR, FakeClock, csrf_from, login

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import User
from kraftsamling.core.db import transaction
from kraftsamling.runs.models import IndexRun

HUGE = "99999999999999999999999"


def _post(client: TestClient, **fields: str) -> tuple[int, str]:
    token = csrf_from(client.get("/index-runs/new").text)
    data = {"csrf_token": token, "spec": "tiny", "year": "2024", "n_draws": "10", "seed": "3",
            "top_k": "", "name": "Min körning", **fields}  # fmt: skip
    response = client.post("/index-runs", data=data)
    return response.status_code, html.unescape(response.text)


def _count(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as session:
        return session.scalar(select(func.count()).select_from(IndexRun)) or 0


def _value(page: str, field: str) -> str:
    match = re.search(rf'<input id="[^"]+" name="{field}"[^>]* value="([^"]*)"', page)
    assert match, f"no {field} field"
    return match.group(1)


def _alert(page: str) -> str:
    match = re.search(r'<div class="notice error" role="alert">(.*?)</div>', page, re.S)
    assert match, "no error notice"
    return match.group(1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"seed": "-1"}, "Slumpfröet måste vara ett heltal från 0 till 2147483647; du skrev ”-1”."),
        ({"seed": str(2**31)}, "Slumpfröet måste vara ett heltal från 0 till 2147483647"),
        ({"seed": "tre"}, "Slumpfröet måste vara ett heltal"),
        (
            {"n_draws": "tio"},
            "Antalet Monte Carlo-dragningar måste vara ett heltal från 1 till "
            "10000; du skrev ”tio”.",
        ),
        ({"n_draws": "0"}, "Antalet Monte Carlo-dragningar måste vara ett heltal från 1"),
        ({"n_draws": "10001"}, "du skrev ”10001”"),
        ({"year": "tjugo"}, "Året måste skrivas med siffror, till exempel 2024; du skrev ”tjugo”."),
        ({"year": "1999"}, "Det finns ingen statistik för 1999; år med statistik: 2023, 2024."),
        ({"year": "99999"}, "Det finns ingen statistik för 99999;"),
        (
            {"top_k": "1000"},
            "Antalet mest utsatta områden (k) kan vara högst 6, så många "
            "områden har statistik för 2024; du skrev 1000.",
        ),
        ({"top_k": "0"}, "Antalet mest utsatta områden (k) måste vara ett heltal från 1"),
        ({"top_k": "2,5"}, "du skrev ”2,5”"),
        (
            {"spec": "finns_inte"},
            "Det finns ingen lagrad indexspecifikation som heter ”finns_inte”; välj en i listan.",
        ),
        ({"spec": ""}, "Välj en lagrad indexspecifikation eller ladda upp"),
    ],
)
def test_refused_form_keeps_the_values_and_says_why_in_swedish(
    client: TestClient, seeded: sessionmaker[Session], fields: dict[str, str], message: str
) -> None:
    login(client, COORDINATOR)
    status, page = _post(client, **fields)
    assert status == 422
    assert "Indexkörningen kunde inte skapas" in page
    assert message in _alert(page)
    for field in ("n_draws", "seed", "top_k", "name"):
        expected = fields.get(field, {"n_draws": "10", "seed": "3", "top_k": "",
                                      "name": "Min körning"}[field])  # fmt: skip
        assert _value(page, field) == expected
    assert _count(seeded) == 0


def test_refused_form_speaks_english_on_english_pages(client: TestClient) -> None:
    login(client, COORDINATOR)
    client.get("/index-runs/new?lang=en")  # the choice is kept in a cookie
    status, page = _post(client, seed="-5")
    assert status == 422
    assert "The random seed must be a whole number from 0 to 2147483647; you wrote “-5”." in page


def test_an_upload_that_is_not_text_is_refused_in_swedish(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    login(client, COORDINATOR)
    token = csrf_from(client.get("/index-runs/new").text)
    response = client.post(
        "/index-runs",
        data={"csrf_token": token, "spec": "tiny", "year": "2024", "name": "Kvar"},
        files={"spec_file": ("bild.toml", b"\xff\xfe\x00[", "application/toml")},
    )
    assert response.status_code == 422
    assert "Filen bild.toml är inte text i teckenkodningen UTF-8." in _alert(response.text)
    assert _value(html.unescape(response.text), "name") == "Kvar"
    assert _count(seeded) == 0


def test_largest_k_and_seed_are_accepted(client: TestClient) -> None:
    login(client, COORDINATOR)
    status, _ = _post(client, top_k="6", seed=str(2**31 - 1))
    assert status == 303


def _bearer(factory: sessionmaker[Session], clock: FakeClock) -> dict[str, str]:
    with transaction(factory) as session:
        user = session.scalars(select(User).where(User.email == COORDINATOR[0])).one()
        plain, _ = accounts.create_api_token(session, user=user, name="test", clock=clock)
    return {"Authorization": f"Bearer {plain}"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"seed": -1}, "seed"),
        ({"seed": 2**31}, "seed"),
        ({"n_draws": 0}, "n_draws"),
        ({"top_k": 0}, "top_k"),
        ({"year": 10**20}, "year"),
        (
            {"top_k": 1000},
            "top_k must be at most 6, the number of areas at level sub_area with "
            "observations for 2024; got 1000.",
        ),
    ],
)
def test_api_refuses_the_same_numbers(
    client: TestClient,
    seeded: sessionmaker[Session],
    clock: FakeClock,
    body: dict[str, int],
    message: str,
) -> None:
    headers = _bearer(seeded, clock)
    payload = {"spec": "tiny", "year": 2024, "n_draws": 10, **body}
    response = client.post("/api/v1/index-runs", json=payload, headers=headers)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and message in error["message"]
    assert _count(seeded) == 0


def test_huge_or_impossible_ids_are_not_found(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    login(client, COORDINATOR)
    for path in (f"/index-runs/{HUGE}", "/index-runs/0", "/index-runs/abc"):
        page = client.get(path)
        assert page.status_code == 404, path
        assert "Sidan eller uppgiften finns inte" in page.text
    missing = client.get("/index-runs/42")
    assert missing.status_code == 404
    assert "Det finns ingen indexkörning med nummer 42." in missing.text
    headers = _bearer(seeded, clock)
    for path in (f"/api/v1/index-runs/{HUGE}", "/api/v1/index-runs/0"):
        response = client.get(path, headers=headers)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_compare_with_a_wrong_id_keeps_the_form_and_says_why(client: TestClient) -> None:
    login(client, COORDINATOR)
    _post_ok = _post(client)
    assert _post_ok[0] == 303
    huge = client.get(f"/index-runs/compare?a={HUGE}&b=1")
    assert huge.status_code == 422
    text = html.unescape(huge.text)
    assert (
        "En körning anges med sitt nummer, ett heltal från 1 till 2147483647; adressen hade" in text
    )
    # The form is still there, with the one finished run chosen.
    assert re.search(r'<select id="cmp-a" name="a">\s*<option value="1" selected>', text)
    word = html.unescape(client.get("/index-runs/compare?a=1&b=tre").text)
    assert "adressen hade ”tre”" in word
    missing = client.get("/index-runs/compare?a=1&b=77")
    assert missing.status_code == 404
    assert "Det finns ingen indexkörning med nummer 77." in missing.text


def test_form_offers_only_specs_whose_indicators_are_stored(
    client: TestClient, spec_folder: Path
) -> None:
    other = TINY_SPEC.replace('id = "tiny"', 'id = "other"').replace(
        'name = "Litet testindex"', 'name = "Annat index"'
    )
    (spec_folder / "other.toml").write_text(other.replace('id = "jobs"', 'id = "income"'), "utf-8")
    login(client, COORDINATOR)
    page = client.get("/index-runs/new").text
    select_box = page.split('<select id="run-spec"', 1)[1].split("</select>", 1)[0]
    assert 'value="tiny"' in select_box and 'value="other"' not in select_box
    assert "Annat index (other): 1 av 2 indikatorer saknas" in page
    assert 'aria-describedby="run-spec-help"' in page
    # Sent anyway (an old form), it is refused with the reason.
    status, refused = _post(client, spec="other")
    assert status == 422
    assert "Indexspecifikationen other läser indikatorer som inte finns lagrade: income." in refused


def test_form_says_so_when_no_stored_spec_can_run(client: TestClient, spec_folder: Path) -> None:
    (spec_folder / "tiny.toml").write_text(TINY_SPEC.replace('"jobs"', '"income"'), "utf-8")
    login(client, COORDINATOR)
    page = client.get("/index-runs/new").text
    assert '<select id="run-spec"' not in page
    assert "Ingen av de lagrade indexspecifikationerna kan köras här" in page
