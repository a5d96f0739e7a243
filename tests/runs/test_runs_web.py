"""Index-run pages and their JSON twins: roles, CSRF forms, upload errors, sorting, compare."""

from __future__ import annotations

import datetime as dt
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
from kraftsamling.stats.models import Area


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
    # The rank interval is read once: from the text after the bar, which is hidden from
    # assistive technology (its tooltip stays for the mouse).
    cell = page.text.split("<title>Rang 3 till 3 i 90 % av dragningarna</title>", 1)
    assert len(cell) == 2
    svg_tag = cell[0].rsplit("<svg", 1)[1]
    assert 'aria-hidden="true"' in svg_tag and "aria-label" not in svg_tag and "role" not in svg_tag
    assert cell[1].split("</td>", 1)[0].strip().endswith('<span class="interval-text">3–3</span>')
    listing = client.get("/index-runs")
    assert f'href="/index-runs/{run_id}"' in listing.text


def test_list_shows_when_runs_were_created_in_swedish_time(
    client: TestClient, clock: FakeClock
) -> None:
    clock.now = dt.datetime(2026, 11, 23, 3, 2, 1, 31753, tzinfo=dt.UTC)
    login(client, COORDINATOR)
    _create(client, 2024)
    listing = client.get("/index-runs").text
    # 03:02 UTC is 04:02 in Sweden in November (and 2026-02-02 09:00 UTC would be 10:00).
    assert '<time datetime="2026-11-23T03:02:01.031753+00:00">2026-11-23 04:02</time>' in listing


def test_ranking_sorted_by_column_link(client: TestClient) -> None:
    login(client, COORDINATOR)
    run_id = _create(client, 2024)
    page = client.get(f"/index-runs/{run_id}?sort=rank&order=desc")
    assert _areas_in_order(page.text) == ["A6", "A5", "A4", "A3", "A2", "A1"]
    assert 'aria-sort="descending"' in page.text
    # The active column's link flips the order; the others sort ascending.
    assert 'href="?sort=rank&amp;order=asc"' in page.text
    assert 'href="?sort=score&amp;order=asc"' in page.text
    refused = client.get(f"/index-runs/{run_id}?sort=nonsense")
    assert refused.status_code == 422
    assert "Tabellen kan inte sorteras så; välj en kolumnrubrik för att sortera." in refused.text


def test_queued_run_page_refreshes(client: TestClient, seeded: sessionmaker[Session]) -> None:
    class Never:
        def submit(self, *args: object, **kwargs: object) -> None:
            return None

    login(client, COORDINATOR)
    client.app.state.run_executor = Never()  # type: ignore[attr-defined]
    run_id = _create(client, 2024)
    with transaction(seeded) as session:
        session.get_one(IndexRun, run_id).progress = 37
    page = client.get(f"/index-runs/{run_id}")
    assert '<meta http-equiv="refresh" content="5">' in page.text
    assert page.headers["Refresh"] == "5" and "i kö" in page.text
    assert "Sidan uppdateras var 5:e sekund tills körningen är klar." in page.text
    stop = f'<a href="/index-runs/{run_id}?refresh=off">Stäng av den automatiska uppdateringen</a>'
    assert stop in page.text
    # The progress is read once: the bar only shows what the text says.
    status = page.text.split('<div role="status">', 1)[1].split("</div>", 1)[0]
    assert status.count("37") == 2 and status.count("37 %") == 1
    assert '<progress max="100" value="37" aria-hidden="true"></progress>' in status
    still = client.get(f"/index-runs/{run_id}?refresh=off")
    assert still.status_code == 200 and "Refresh" not in still.headers
    assert (
        'http-equiv="refresh"' not in still.text
        and "Sidan uppdateras inte automatiskt" in still.text
    )
    assert f'<a href="/index-runs/{run_id}">Slå på den automatiska uppdateringen</a>' in still.text


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
    a, b = _create(client, 2023, top_k="1"), _create(client, 2024, top_k="1")
    page = client.get(f"/index-runs/compare?a={a}&b={b}")
    assert page.status_code == 200
    # Each row names the area (linked to its profile) and gives its code.
    cells = (r'<th scope="row"><a href="/areas/(A\d)">Område A\d</a></th>\s*<td>A\d</td>\s*'
             r"<td>(\d)</td>\s*<td>(\d)</td>\s*<td>([^<]+)</td>")  # fmt: skip
    rows = re.findall(cells, page.text)
    assert rows[:2] == [
        ("A1", "2", "1", "1 steg mer utsatt"),
        ("A2", "1", "2", "1 steg mindre utsatt"),
    ]
    assert rows[2][3] == "oförändrad"
    assert "6 områden är rangordnade i båda körningarna; 2 av dem bytte rang." in page.text
    # 1 - 6 * (1 + 1) / (6 * 35) = 0.942857..., written with a decimal comma.
    assert "Spearmans rangkorrelation: 0,9429." in page.text
    assert "<p>In bland de 1 mest utsatta: Område A1 (A1).</p>" in page.text
    assert "<p>Ut ur de 1 mest utsatta: Område A2 (A2).</p>" in page.text


def test_compare_a_run_with_itself_counts_no_moves(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    with transaction(seeded) as session:  # an area without data is in the run but unranked
        session.add(Area(code="A7", name="Område A7", level="sub_area"))
    login(client, COORDINATOR)
    run_id = _create(client, 2024)
    page = client.get(f"/index-runs/compare?a={run_id}&b={run_id}").text
    assert "6 områden är rangordnade i båda körningarna; 0 av dem bytte rang." in page
    assert "Spearmans rangkorrelation: 1,0000." in page
    assert re.search(r'<a href="/areas/A7">Område A7</a></th>\s*<td>A7</td>\s*<td>–</td>', page)


def test_compare_form_preselects_two_different_runs(client: TestClient) -> None:
    login(client, COORDINATOR)
    older, newer = _create(client, 2023), _create(client, 2024)

    def selected(page: str, name: str) -> list[str]:
        box = page.split(f'name="{name}">', 1)[1].split("</select>", 1)[0]
        return re.findall(r'<option value="(\d+)" selected>', box)

    empty = client.get("/index-runs/compare").text
    assert selected(empty, "a") == [str(older)] and selected(empty, "b") == [str(newer)]
    assert "rangordnade i båda" not in empty  # nothing compared until both are chosen
    # The run page's link names only b; a is another run.
    linked = client.get(f"/index-runs/compare?b={older}").text
    assert selected(linked, "a") == [str(newer)] and selected(linked, "b") == [str(older)]


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
