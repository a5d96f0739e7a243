"""Roles, API tokens, the JSON error shape, security headers, language and the start page."""

from __future__ import annotations

import datetime as dt
import doctest
from typing import Annotated, Any

from fastapi import Query
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import (
    ADMIN,
    COORDINATOR,
    OFFICER,
    VIEWER,
    FakeClock,
    csrf_from,
    form_fields,
    login,
    make_client,
)

from kraftsamling.accounts.models import Organisation, User
from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.areas import display
from kraftsamling.core import formatting
from kraftsamling.core.db import transaction
from kraftsamling.core.errors import InvalidInput
from kraftsamling.runs import drivers
from kraftsamling.web import forms
from kraftsamling.web.deps import RecordId


def test_security_headers_on_pages_errors_static_and_api(client: TestClient) -> None:
    for path in ("/", "/login", "/no-such-page", "/static/site.css", "/api/v1/me"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_swedish_by_default_and_english_by_choice_kept_in_a_cookie(client: TestClient) -> None:
    page = client.get("/")
    assert '<html lang="sv">' in page.text
    assert "Kraftsamling – områdesanalys för kraftsamlande insatser" in page.text
    assert "Demodata" in page.text and 'href="#main"' in page.text and "<script" not in page.text
    english = client.get("/?lang=en")
    assert '<html lang="en">' in english.text and "Skip to main content" in english.text
    assert '<html lang="en">' in client.get("/login").text  # remembered
    assert client.get("/no-such-page").text.count("The page or item does not exist.") == 1


def test_officer_and_viewer_cannot_open_admin_pages(client: TestClient) -> None:
    for account in (OFFICER, VIEWER, COORDINATOR):
        assert login(client, account) == 303
        response = client.get("/admin/users")
        assert response.status_code == 403, account
        assert "Du har inte behörighet till det här." in response.text
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})


def test_anonymous_admin_page_redirects_to_login(client: TestClient) -> None:
    response = client.get("/admin/users")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fadmin%2Fusers"


def test_admin_creates_a_user_who_can_log_in(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    assert login(client, ADMIN) == 303
    token = csrf_from(client.get("/admin/users").text)
    form = {
        "email": "ny@kraftsamling.example",
        "name": "Ny Person",
        "organisation": "KN",
        "role": "officer",
        "password": "ett-startlosenord",
        "csrf_token": token,
    }
    response = client.post("/admin/users", data=form)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/admin/users?created=")
    created = client.get(response.headers["location"]).text
    assert "Användaren ny@kraftsamling.example är skapad." in created
    bad = client.post(
        "/admin/users",
        data={
            **form,
            "email": "x@kraftsamling.example",
            "organisation": "KN",
            "role": "coordinator",
        },
    )
    assert bad.status_code == 422 and "En samordnare måste höra till stadskontoret." in bad.text
    with make_client(seeded, clock) as fresh:
        assert login(fresh, ("ny@kraftsamling.example", "ett-startlosenord")) == 303


def test_admin_resets_a_password(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with seeded() as session:
        viewer_id = session.scalar(select(User.id).where(User.email == VIEWER[0]))
    assert login(client, ADMIN) == 303
    action = f"/admin/users/{viewer_id}/password"
    page = client.post(action, data=form_fields(client.get(action).text, action)).text
    new_password = page.split("(visas bara nu): ")[1].split("<")[0]
    with make_client(seeded, clock) as fresh:
        assert login(fresh, VIEWER) == 401
        assert login(fresh, (VIEWER[0], new_password)) == 303


def test_api_token_is_shown_once_and_authenticates_me(client: TestClient) -> None:
    assert login(client, OFFICER) == 303
    fields = form_fields(client.get("/account/tokens").text, "/account/tokens")
    page = client.post("/account/tokens", data={"name": "rapportskript", **fields}).text
    plain = page.split('<code class="secret">')[1].split("<")[0]
    assert plain.startswith("ks_") and plain not in client.get("/account/tokens").text
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert me.status_code == 200
    body = me.json()
    assert (body["email"], body["role"], body["organisation"]["code"]) == (
        OFFICER[0],
        "officer",
        "FRN",
    )
    assert "password_hash" not in me.text


def test_api_refuses_missing_forged_and_cookie_auth_with_one_error_shape(
    client: TestClient,
) -> None:
    assert login(client, OFFICER) == 303  # a session cookie alone does not open the API
    for headers in ({}, {"Authorization": "Bearer ks_forged"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
        assert set(response.json()["error"]) == {"code", "message"}
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_openapi_document_lists_the_api(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in spec["paths"]
    assert "/login" not in spec["paths"]


def test_development_uses_unprefixed_non_secure_cookies(
    seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with make_client(seeded, clock, environment="development") as dev:
        token = csrf_from(dev.get("/login").text)
        response = dev.post(
            "/login", data={"email": OFFICER[0], "password": OFFICER[1], "csrf_token": token}
        )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("kraftsamling_session=") and "secure" not in cookie.lower()


def test_seeding_twice_creates_no_duplicates(
    seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with transaction(seeded) as session:
        assert seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=clock) == 0
    with seeded() as session:
        kinds = dict(
            session.execute(
                select(Organisation.kind, func.count()).group_by(Organisation.kind)
            ).all()
        )
        assert session.scalar(select(func.count(User.id))) == 4
    assert kinds == {"city_office": 1, "committee": 12, "company": 2, "decision_body": 3}


def _app_with_probe_routes(client: TestClient) -> TestClient:
    """The same application with two routes that fail on purpose, as a handler might."""
    app: Any = client.app

    @app.get("/probe/domain")
    def domain_error() -> None:
        raise InvalidInput("The field is wrong.", key="error.field", field="år")

    @app.get("/probe/dated")
    def dated(when: Annotated[dt.date, Query(le=dt.date(2030, 1, 1))]) -> dict[str, str]:
        return {"when": when.isoformat()}

    @app.get("/probe/typed/{item_id}")
    def typed(item_id: RecordId, count: Annotated[int, Query(le=5)] = 1) -> dict[str, int]:
        return {"item_id": item_id, "count": count}

    return client


def test_an_impossible_id_in_a_path_is_a_page_that_does_not_exist(client: TestClient) -> None:
    probe = _app_with_probe_routes(client)
    for path in ("/probe/typed/abc", "/probe/typed/99999999999999999999999", "/probe/typed/0"):
        page = probe.get(path)
        assert page.status_code == 404 and "Sidan eller uppgiften finns inte." in page.text
        assert "Input should" not in page.text
    assert probe.get("/probe/typed/2147483647").json()["item_id"] == 2**31 - 1


def test_field_errors_on_pages_are_in_the_page_language(client: TestClient) -> None:
    probe = _app_with_probe_routes(client)
    swedish = probe.get("/probe/typed/1?count=abc")
    assert swedish.status_code == 422 and "Fältet count: ska vara ett heltal." in swedish.text
    assert "Fältet count: får vara högst 5." in probe.get("/probe/typed/1?count=9").text
    # A bound that is a date, not a number, is named too.
    dated = probe.get("/probe/dated?when=2031-05-01").text
    assert "Fältet when: får vara högst 2030-01-01." in dated
    english = probe.get("/probe/typed/1?count=abc&lang=en")
    assert "The field count must be a whole number." in english.text
    # The API keeps one English error shape.
    api_error = probe.get("/api/v1/nothing-here").json()["error"]
    assert api_error["code"] == "not_found"


def test_a_domain_error_with_a_text_key_is_shown_in_the_page_language(client: TestClient) -> None:
    probe = _app_with_probe_routes(client)
    assert "Fältet år:" in probe.get("/probe/domain").text
    assert "The field år" in probe.get("/probe/domain?lang=en").text


def test_form_field_and_format_examples() -> None:
    for module in (forms, formatting, display, drivers):
        failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert tried > 0 and failures == 0, module.__name__
