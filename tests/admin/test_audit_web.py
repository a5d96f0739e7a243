"""``/admin/audit``, ``/admin/audit.csv`` and ``/api/v1/audit`` through the web application."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker
from test_audit_browse import add, tampering
from web_support import ADMIN, COORDINATOR, OFFICER, VIEWER, FakeClock, csrf_from, login

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import User
from kraftsamling.core.audit import Actor, AuditEntry
from kraftsamling.core.db import transaction

PAGES = ("/admin/audit", "/admin/audit.csv")


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<th scope="row">(\d+)</th>', body)


def _token(factory: sessionmaker[Session], email: str, clock: FakeClock) -> dict[str, str]:
    with transaction(factory) as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None
        plain, _ = accounts.create_api_token(session, user=user, name="skript", clock=clock)
    return {"Authorization": f"Bearer {plain}"}


def _export(client: TestClient, **filters: str) -> Response:
    """The export form of the audit page, submitted with the filters it holds."""
    token = csrf_from(client.get("/admin/audit").text)
    return client.post("/admin/audit.csv", data={**filters, "csrf_token": token})


def _count(factory: sessionmaker[Session], action: str) -> int:
    with factory() as session:
        return len(session.scalars(select(AuditEntry.id).where(AuditEntry.action == action)).all())


# --- who may look ------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client: TestClient) -> None:
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == f"/login?next={path.replace('/', '%2F')}"
    assert client.get("/api/v1/audit").status_code == 401


@pytest.mark.parametrize("account", [OFFICER, VIEWER])
def test_officers_and_viewers_are_refused(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock, account: tuple[str, str]
) -> None:
    assert login(client, account) == 303
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Du har inte behörighet till det här." in response.text
    assert client.get("/api/v1/audit", headers=_token(seeded, account[0], clock)).status_code == 403
    token = csrf_from(client.get("/").text)
    assert client.post("/admin/audit.csv", data={"csrf_token": token}).status_code == 403
    assert _count(seeded, "export") == 0


@pytest.mark.parametrize("account", [ADMIN, COORDINATOR])
def test_admins_and_coordinators_browse(client: TestClient, account: tuple[str, str]) -> None:
    assert login(client, account) == 303
    page = client.get("/admin/audit")
    assert page.status_code == 200
    assert "<h1>Granskningslogg</h1>" in page.text
    assert "<caption>Poster i granskningsloggen, nyast först</caption>" in page.text
    ids = [int(i) for i in _rows(page.text)]
    assert ids == sorted(ids, reverse=True) and len(ids) > 20
    # The demo data is written at 09:00 UTC, which is 10:00 in Stockholm in February.
    assert '<time datetime="2026-02-02T09:00:00+00:00">2026-02-02 10:00:00</time>' in page.text
    assert "✓ Stämmer" in page.text and "Stämmer inte" not in page.text


# --- filtering, paging, display ---------------------------------------------------------


def test_filter_form_and_pages_keep_the_filter(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    add(seeded, 60, object_type="calloff")
    assert login(client, COORDINATOR) == 303
    page = client.get("/admin/audit", params={"object_type": "calloff", "action": "update"})
    assert page.status_code == 200
    assert "Visar post 1–50 av 60." in page.text
    assert '<option value="calloff" selected>Avrop</option>' in page.text
    first_ids = _rows(page.text)
    assert len(first_ids) == 50
    next_link = re.search(r'<a href="([^"]+)" rel="next">Nästa sida</a>', page.text)
    assert next_link is not None
    assert next_link.group(1) == "/admin/audit?action=update&amp;object_type=calloff&amp;page=2"
    second = client.get(next_link.group(1).replace("&amp;", "&"))
    assert "Visar post 51–60 av 60." in second.text
    assert 'rel="prev">Föregående sida</a>' in second.text and 'rel="next"' not in second.text
    assert len(_rows(second.text)) == 10
    assert not set(first_ids) & set(_rows(second.text))
    assert "Sida 2 av 2" in second.text


def test_filter_by_account_and_object(client: TestClient, seeded: sessionmaker[Session]) -> None:
    with seeded() as session:
        officer_id = session.scalar(select(User.id).where(User.email == OFFICER[0]))
    assert login(client, OFFICER) == 303  # a login entry by the officer
    assert login(client, COORDINATOR) == 303
    page = client.get("/admin/audit", params={"actor_id": str(officer_id)})
    ids = _rows(page.text)
    assert len(ids) == 1 and "<td>Inloggning</td>" in page.text
    assert f'<option value="{officer_id}" selected>Demo Handläggare ({OFFICER[0]})' in page.text
    by_object = client.get("/admin/audit", params={"object_type": "user", "object_id": "1"})
    assert "<td>Användarkonto 1</td>" in by_object.text
    none = client.get("/admin/audit", params={"object_id": "no-such-object"})
    assert none.status_code == 200 and "Inga poster matchar filtret." in none.text


def test_entries_show_snapshots_request_ids_and_no_account(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    add(seeded, after={"spec": "lång text " * 40}, object_type="run")
    assert login(client, COORDINATOR) == 303
    page = client.get("/admin/audit", params={"object_type": "run"}).text
    assert "<details><summary><code>{&#34;spec&#34;: &#34;lång text" in page
    assert "anna@stad.example" in page and "(inget konto)" not in page
    logins = client.get("/admin/audit", params={"action": "login"}).text
    assert re.search(r"<td><code>[0-9a-f]{32}</code></td>", logins)  # the request id
    system = client.get("/admin/audit", params={"object_type": "organisation"}).text
    assert "system <span>(inget konto)</span>" in system


def test_bad_filter_re_renders_with_422_in_swedish_keeping_the_values(
    client: TestClient,
) -> None:
    assert login(client, COORDINATOR) == 303
    response = client.get(
        "/admin/audit", params={"date_from": "2026-13-01", "object_id": "42", "action": "login"}
    )
    assert response.status_code == 422
    html = response.text
    assert 'role="alert"' in html
    assert (
        "Från och med datum ska vara ett datum som 2026-02-01; ”2026-13-01” är inget giltigt datum."
        in html
    )
    assert 'value="2026-13-01" placeholder="ÅÅÅÅ-MM-DD" aria-invalid="true"' in html
    assert 'aria-describedby="problem-date_from"' in html and 'id="problem-date_from"' in html
    assert 'name="object_id" value="42"' in html
    assert '<option value="login" selected>' in html
    assert "<tbody>" not in html
    english = client.get("/admin/audit", params={"date_to": "2026-02-30", "lang": "en"})
    assert english.status_code == 422
    assert "To date (inclusive) must be a date like 2026-02-01" in english.text
    order = client.get(
        "/admin/audit", params={"date_from": "2026-02-03", "date_to": "2026-02-01", "lang": "sv"}
    )
    assert order.status_code == 422 and "får inte vara före" in order.text
    page = client.get("/admin/audit", params={"page": "0"})
    assert page.status_code == 422 and "Sidnummer ska vara ett heltal från 1" in page.text


def test_unknown_filter_is_refused_not_ignored(client: TestClient) -> None:
    assert login(client, COORDINATOR) == 303
    response = client.get("/admin/audit", params={"actor": "abc", "action": "login"})
    assert response.status_code == 422
    assert "Det finns inget filter som heter ”actor” (fick ”abc”)." in response.text
    assert '<option value="login" selected>Inloggning</option>' in response.text
    assert "<tbody>" not in response.text  # no entries shown as if they had matched
    english = client.get("/admin/audit", params={"actor": "abc", "lang": "en"})
    assert english.status_code == 422
    assert "There is no filter called “actor” (got “abc”)." in english.text
    # The language switch adds lang=, which is not a filter but is no mistake either.
    assert client.get("/admin/audit", params={"action": "login", "lang": "en"}).status_code == 200


def test_codes_are_shown_as_words_in_the_readers_language(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    assert login(client, COORDINATOR) == 303
    page = client.get("/admin/audit").text
    # The submitted values stay the codes; the options and cells show words.
    assert '<option value="login">Inloggning</option>' in page
    assert '<option value="organisation">Organisation</option>' in page
    assert '<option value="user">Användarkonto</option>' in page
    assert "<td>Skapande</td>" in page and "<code>create</code>" not in page
    english = client.get("/admin/audit", params={"lang": "en"}).text
    assert '<option value="login">Login</option>' in english
    assert (
        '<option value="user">User account</option>' in english and "<td>Creation</td>" in english
    )
    add(seeded, object_type="brand_new_kind")  # a kind with no word yet is shown as its code
    assert (
        '<option value="brand_new_kind">brand_new_kind</option>' in client.get("/admin/audit").text
    )


def test_every_time_on_the_page_is_swedish_time(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    add(seeded, object_type="run", after={"finished_at": "2026-07-01T09:30:00.000000Z"})
    assert login(client, COORDINATOR) == 303
    page = client.get("/admin/audit", params={"object_type": "run"}).text
    assert "&#34;finished_at&#34;: &#34;2026-07-01 11:30:00&#34;" in page  # summer time
    assert "09:30:00" not in page and "Z&#34;" not in page
    assert '<time datetime="2026-02-01T12:00:00+00:00">2026-02-01 13:00:00</time>' in page


def test_broken_entries_are_marked(client: TestClient, seeded: sessionmaker[Session]) -> None:
    add(seeded, 3, object_type="thing")
    with seeded() as session:
        target = session.scalars(
            select(AuditEntry.id).where(AuditEntry.object_type == "thing").order_by(AuditEntry.id)
        ).first()
    with tampering(seeded) as conn:
        conn.execute(text("UPDATE audit_entries SET after = NULL WHERE id = :id"), {"id": target})
    assert login(client, COORDINATOR) == 303
    page = client.get("/admin/audit", params={"object_type": "thing"}).text
    assert page.count("✗ Stämmer inte: posten har ändrats") == 1
    assert "1 poster på sidan stämmer inte med kedjan." in page
    assert page.count("✓ Stämmer") == 2


# --- CSV export --------------------------------------------------------------------------


def test_csv_export_is_excel_friendly_and_audited(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    assert login(client, COORDINATOR) == 303
    page = client.get("/admin/audit", params={"object_type": "organisation"}).text
    form = page.split('<form method="post" action="/admin/audit.csv"')[1].split("</form>")[0]
    assert '<input type="hidden" name="object_type" value="organisation">' in form
    assert f'name="csrf_token" value="{csrf_from(page)}"' in form
    response = client.post(
        "/admin/audit.csv", data={"object_type": "organisation", "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="audit-20260202.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:5] == ["id", "at", "actor_id", "actor_label", "action"]
    rows = table[1:]
    assert rows and all(r[5] == "organisation" for r in rows)
    assert any("Miljönämnden" in r[8] for r in rows)
    with seeded() as session:
        coordinator_id = session.scalar(select(User.id).where(User.email == COORDINATOR[0]))
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert (entry.actor_id, entry.actor_label) == (coordinator_id, COORDINATOR[0])
    assert entry.after == {
        "format": "csv", "rows": len(rows), "filters": {"object_type": "organisation"},
    }  # fmt: skip
    assert entry.request_id == response.headers["x-request-id"]
    # The next page view shows the export, who made it and with which filter.
    exports = client.get("/admin/audit", params={"action": "export"}).text
    assert COORDINATOR[0] in exports and "&#34;rows&#34;:" in exports


def test_csv_export_with_a_bad_filter_exports_nothing(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    assert login(client, ADMIN) == 303
    response = _export(client, date_to="2026-13-01", object_id="7")
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]
    assert "Till och med datum ska vara ett datum" in response.text
    assert 'name="object_id" value="7"' in response.text  # the filter comes back to correct
    assert _count(seeded, "export") == 0


def test_csv_export_is_a_form_that_a_link_or_another_site_cannot_trigger(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    assert login(client, COORDINATOR) == 303
    # A link (an old bookmark, another site's link) leads to the page with its filter.
    link = client.get("/admin/audit.csv", params={"object_type": "user", "bogus": "x"})
    assert link.status_code == 303
    assert link.headers["location"] == "/admin/audit?object_type=user"
    # A form posted from elsewhere lacks the session's CSRF token.
    forged = client.post("/admin/audit.csv", data={"object_type": "user"})
    assert forged.status_code == 403
    wrong = client.post("/admin/audit.csv", data={"csrf_token": "guessed"})
    assert wrong.status_code == 403
    assert _count(seeded, "export") == 0
    assert _export(client).status_code == 200
    assert _count(seeded, "export") == 1


# --- JSON twin ---------------------------------------------------------------------------


def test_api_filters_and_pages(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    add(seeded, 7, object_type="calloff", actor=Actor(None, "system"))
    headers = _token(seeded, COORDINATOR[0], clock)
    response = client.get(
        "/api/v1/audit", params={"object_type": "calloff", "per_page": "3"}, headers=headers
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["pages"], body["page"], body["per_page"]) == (7, 3, 1, 3)
    assert [item["object_id"] for item in body["items"]] == ["6", "5", "4"]
    assert body["previous"] is None
    assert body["next"] == "/api/v1/audit?object_type=calloff&per_page=3&page=2"
    item = body["items"][0]
    assert item["verified"] is True and item["problem"] is None
    assert item["after"] == {"n": 6} and item["actor_label"] == "system"
    assert dt.datetime.fromisoformat(item["at"]) == dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC)
    last = client.get(body["next"].replace("page=2", "page=3"), headers=headers).json()
    assert [i["object_id"] for i in last["items"]] == ["0"] and last["next"] is None
    assert last["previous"] == "/api/v1/audit?object_type=calloff&per_page=3&page=2"


def test_api_refuses_bad_filters_with_422_naming_them(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    headers = _token(seeded, ADMIN[0], clock)
    response = client.get(
        "/api/v1/audit", params={"date_from": "2026-13-01", "per_page": "500"}, headers=headers
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert "'date_from' filter must be a date like 2026-02-01; got '2026-13-01'" in error["message"]
    bad_page = client.get("/api/v1/audit", params={"per_page": "500"}, headers=headers).json()
    assert "'per_page' filter must be a whole number from 1" in bad_page["error"]["message"]
