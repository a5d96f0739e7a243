"""Every page a visitor or a user of each role can reach by links, in real Chromium.

The walk follows same-origin links from the start page, so new pages are covered as soon as
they are linked. On each page: nothing is requested from another host, and axe-core finds
no serious or critical WCAG violation.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

ROLES = {
    "anonymous": None,
    "admin": ("admin@kraftsamling.example", "Demo-admin-2026"),
    "coordinator": ("samordnare@kraftsamling.example", "Demo-samordnare-2026"),
    "officer": ("handlaggare@kraftsamling.example", "Demo-handlaggare-2026"),
    "viewer": ("lasare@kraftsamling.example", "Demo-lasare-2026"),
}
MAX_PAGES = 40
PER_SHAPE = 2  # pages of one shape (e.g. /areas/{code}) share a template: two are enough
# Downloads and JSON, not pages: .csv, the fund's papers and attachments, the API's open data.
NEVER_FOLLOW = ("/logout", "/static/", ".csv", ".docx", ".xlsx", ".pdf", "/attachments/", "/api/")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _log_in(page: Any, base: str, account: tuple[str, str]) -> None:
    page.goto(base + "/login")
    page.fill("#email", account[0])
    page.fill("#password", account[1])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url, f"log-in failed for {account[0]}"


def _shape(url: str) -> str:
    """/areas/1280-09-03?year=2025 -> /areas/{}?year: the route a page was made by."""
    parts = urlsplit(url)
    path = re.sub(r"/[^/]*\d[^/]*", "/{}", parts.path)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return path + "?" + "&".join(keys)


def _same_origin_links(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    links = []
    for href in hrefs:
        url = urljoin(page.url, href).split("#")[0]
        parts = urlsplit(url)
        # The language switch is walked from the start page only: every page shares it.
        switch_elsewhere = "lang=" in parts.query and parts.path != "/"
        if (
            url.startswith(base)
            and not switch_elsewhere
            and not any(p in parts.path for p in NEVER_FOLLOW)
        ):
            links.append(url)
    return links


@pytest.mark.parametrize("role", list(ROLES))
def test_every_linked_page_is_offline_and_accessible(role: str, server: str, browser: Any) -> None:
    context = browser.new_context(bypass_csp=True)  # lets axe's script be injected
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    if ROLES[role] is not None:
        _log_in(page, server, ROLES[role])

    axe = Axe()
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue = [server + "/"]
    problems: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or shapes[_shape(url)] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[_shape(url)] += 1
        response = page.goto(url)
        assert response is not None and response.status < 500, f"{url}: {response}"
        assert page.locator("html").get_attribute("lang") in {"sv", "en"}
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                problems.append(f"{url}: {violation['id']} ({violation['impact']})")
        queue.extend(link for link in _same_origin_links(page, server) if link not in seen)
    context.close()

    assert len(seen) >= 2, "the walk found no pages beyond the start page"
    foreign = [u for u in requested if not u.startswith(server) and not u.startswith("data:")]
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert problems == [], "axe-core found serious or critical violations:\n" + "\n".join(problems)
