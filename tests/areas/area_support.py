"""Logging in through the form, for the area page tests."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

VIEWER = ("lasare@kraftsamling.example", "Demo-lasare-2026")


def log_in(client: TestClient, account: tuple[str, str] = VIEWER) -> None:
    page = client.get("/login").text
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF field on the login page"
    response = client.post(
        "/login", data={"email": account[0], "password": account[1], "csrf_token": match[1]}
    )
    assert response.status_code == 303, response.text
