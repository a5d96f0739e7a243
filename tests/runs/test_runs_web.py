"""Index-run pages and their JSON twins: roles, CSRF forms, upload errors, sorting, compare."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from runs_support import TINY_SPEC
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import COORDINATOR, VIEWER, FakeClock, csrf_from, login

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import User
from kraftsamling.core.db import transaction
from kraftsamling.runs.models import IndexRun


def _create(client: TestClient, year: int, top_k: str = "", **files: tuple[str, bytes, str]) -> int:
    token = csrf_from(client.get("/index-runs/new").text)
    data = {"csrf_token": token, "spec": "tiny", "year": str(year), "n_draws": "10", "seed": "3",
            "top_k": top_k}  # fmt: skip
    response = client.post("/index-runs", data=data, files=files or None)
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/index-runs/(\d+)", response.headers["location"])
    assert match
    return int(match.group(1))


def _token(factory: sessionmaker[Session], email: str, clock: FakeClock) -> str:
    with transaction(factory) as session:
        user = session.scalars(select(User).where(User.email == email)).one()
        plain, _ = accounts.create_api_token(session, user=user, name="test", clock=clock)
    return plain


def _areas_in_order(html: str) -> list[str]:
    # Each row's header names the area and links to its profile.
    return re.findall(r'<th scope="row"><a href="/areas/(A\d)">Område A\d</a></th>', html)


def test_coordinator_creates_run_from_stored_spec(client: TestClient) -> None:
    assert login(client, COORDINATOR) == 303
    run_id = _create(client, 2024)
    page = client.get(f"/index-runs/{run_id}")
    assert page.status_code == 200
    assert "klar" in page.text and 'http-equiv="refresh"' not in page.text
    assert "<caption>Rangordning av 6 områden 2024" in page.text
    assert _areas_in_order(page.text) == ["A1", "A2", "A3", "A4", "A5", "A6"]
    # The rank interval has a text alternative.
    assert 'aria-label="Rang 3 till 3 i 90 % av dragningarna"' in page.text
    listing = client.get("/index-runs")
    assert f'href="/index-runs/{run_id}"' in listing.text


def test_ranking_sorted_by_column_link(client: TestClient) -> None:
    login(client, COORDINATOR)
    run_id = _create(client, 2024)
    page = client.get(f"/index-runs/{run_id}?sort=rank&order=desc")
    assert _areas_in_order(page.text) == ["A6", "A5", "A4", "A3", "A2", "A1"]
    assert 'aria-sort="descending"' in page.text
    # The active column's link flips the order; the others sort ascending.
    assert 'href="?sort=rank&amp;order=asc"' in page.text
    assert 'href="?sort=score&amp;order=asc"' in page.text
    assert client.get(f"/index-runs/{run_id}?sort=nonsense").status_code == 422


def test_queued_run_page_refreshes(client: TestClient, seeded: sessionmaker[Session]) -> None:
    class Never:
        def submit(self, *args: object, **kwargs: object) -> None:
            return None

    login(client, COORDINATOR)
    client.app.state.run_executor = Never()  # type: ignore[attr-defined]
    run_id = _create(client, 2024)
    page = client.get(f"/index-runs/{run_id}")
    assert '<meta http-equiv="refresh" content="2">' in page.text
    assert page.headers["Refresh"] == "2" and "i kö" in page.text


def test_viewer_reads_but_cannot_create(client: TestClient) -> None:
    login(client, VIEWER)
    assert client.get("/index-runs").status_code == 200
    assert client.get("/index-runs/new").status_code == 403
    token = csrf_from(client.get("/index-runs").text)
    data = {"csrf_token": token, "spec": "tiny", "year": "2024"}
    assert client.post("/index-runs", data=data).status_code == 403


def test_anonymous_is_sent_to_login(client: TestClient) -> None:
    response = client.get("/index-runs")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Findex-runs"


def test_invalid_upload_shows_swedish_error_and_stores_nothing(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    login(client, COORDINATOR)
    token = csrf_from(client.get("/index-runs/new").text)
    response = client.post(
        "/index-runs",
        data={"csrf_token": token, "spec": "tiny", "year": "2024"},
        files={"spec_file": ("trasig.toml", b"[index\nid = ", "application/toml")},
    )
    assert response.status_code == 422
    assert "Indexkörningen kunde inte skapas" in response.text
    assert "trasig.toml is not valid TOML" in response.text
    with transaction(seeded) as session:
        assert session.scalar(select(func.count()).select_from(IndexRun)) == 0


def test_uploaded_valid_spec_is_used(client: TestClient) -> None:
    login(client, COORDINATOR)
    upload = TINY_SPEC.replace('name = "Litet testindex"', 'name = "Uppladdat"')
    run_id = _create(client, 2024, spec_file=("eget.toml", upload.encode(), "application/toml"))
    assert "<h1>Uppladdat 2024</h1>" in client.get(f"/index-runs/{run_id}").text


def test_compare_shows_moved_areas(client: TestClient) -> None:
    login(client, COORDINATOR)
    a, b = _create(client, 2023), _create(client, 2024)
    page = client.get(f"/index-runs/compare?a={a}&b={b}")
    assert page.status_code == 200
    cells = r'<th scope="row">(A\d)</th>\s*<td>(\d)</td>\s*<td>(\d)</td>\s*<td>([^<]+)</td>'
    rows = re.findall(cells, page.text)
    assert rows[:2] == [
        ("A1", "2", "1", "1 steg mer utsatt"),
        ("A2", "1", "2", "1 steg mindre utsatt"),
    ]
    assert rows[2][3] == "oförändrad"


def test_api_twin_returns_same_ranks_as_page(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    token = _token(seeded, COORDINATOR[0], clock)
    auth = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/v1/index-runs", json={"spec": "tiny", "year": 2024,
                                                      "n_draws": 10}, headers=auth)  # fmt: skip
    assert created.status_code == 202, created.text
    run_id = created.json()["id"]
    one = client.get(f"/api/v1/index-runs/{run_id}", headers=auth).json()
    assert one["status"] == "done"
    api_order = [row["area_code"] for row in one["areas"]]
    login(client, COORDINATOR)
    page = client.get(f"/index-runs/{run_id}")
    assert api_order == _areas_in_order(page.text) == ["A1", "A2", "A3", "A4", "A5", "A6"]
    assert [row["rank"] for row in one["areas"]] == [1, 2, 3, 4, 5, 6]
    listed = client.get("/api/v1/index-runs", headers=auth).json()
    assert [r["id"] for r in listed] == [run_id]


def test_api_errors_share_one_shape(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    viewer = {"Authorization": f"Bearer {_token(seeded, VIEWER[0], clock)}"}
    coord = {"Authorization": f"Bearer {_token(seeded, COORDINATOR[0], clock)}"}
    denied = client.post("/api/v1/index-runs", json={"spec": "tiny", "year": 2024}, headers=viewer)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"
    bad = client.post("/api/v1/index-runs", json={"spec_toml": "[x", "year": 2024}, headers=coord)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    missing = client.get("/api/v1/index-runs/42", headers=coord)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    anonymous = client.get("/api/v1/index-runs")
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthenticated"


def test_theme_columns_are_named_in_the_page_language(client: TestClient) -> None:
    login(client, COORDINATOR)
    themed = (
        TINY_SPEC.replace('direction = "higher_is_worse"\n', 'direction = "higher_is_worse"\n'
                          'group = "money"\n', 1)
        .replace('direction = "higher_is_better"\n', 'direction = "higher_is_better"\n'
                 'group = "money"\n')
        + '\n[[group]]\nid = "money"\nname = "Household money"\nname_sv = "Hushållens pengar"\n'
    )  # fmt: skip
    run_id = _create(client, 2024, spec_file=("teman.toml", themed.encode(), "application/toml"))
    swedish = client.get(f"/index-runs/{run_id}").text
    assert '<th scope="col">Hushållens pengar</th>' in swedish and "money_score" not in swedish
    english = client.get(f"/index-runs/{run_id}?lang=en").text
    assert '<th scope="col">Household money</th>' in english


def test_the_probability_column_names_the_run_s_k(client: TestClient) -> None:
    login(client, COORDINATOR)
    page = client.get(f"/index-runs/{_create(client, 2024, top_k='2')}").text
    assert "Sannolikhet bland de 2 mest utsatta" in page
