"""Every page a visitor or a user of each role can reach by links, in real Chromium.

The walk follows same-origin links from the start page, so new pages are covered as soon as
they are linked. On each page: nothing is requested from another host, and axe-core finds
no serious or critical WCAG violation.
"""

from __future__ import annotations

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
NEVER_FOLLOW = ("/logout", "/static/")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _log_in(page: Any, base: str, account: tuple[str, str]) -> None:
    page.goto(base + "/login")
    page.fill("#email", account[0])
    page.fill("#password", account[1])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url, f"log-in failed for {account[0]}"


def _same_origin_links(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    links = []
    for href in hrefs:
        url = urljoin(page.url, href).split("#")[0]
        if url.startswith(base) and not any(p in urlsplit(url).path for p in NEVER_FOLLOW):
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
    queue = [server + "/"]
    problems: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
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
