"""The main workflows end to end in real Chromium.

Workflows run with JavaScript switched off: every core action is a plain form. Pages that only
a form post reaches (a form re-rendered with an error) are checked with axe-core here, since
the link walk cannot find them.
"""

from __future__ import annotations

import re
from typing import Any

from axe_playwright_python.sync_playwright import Axe

ACCOUNTS = {
    "admin": ("admin@kraftsamling.example", "Demo-admin-2026"),
    "coordinator": ("samordnare@kraftsamling.example", "Demo-samordnare-2026"),
    "officer": ("handlaggare@kraftsamling.example", "Demo-handlaggare-2026"),
}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _log_in(page: Any, base: str, role: str) -> None:
    email, password = ACCOUNTS[role]
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url, f"log-in failed for {email}"


def _serious(page: Any) -> list[str]:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{page.url}: {v['id']}" for v in violations if v["impact"] in {"serious", "critical"}]


def test_coordinator_creates_an_index_run_without_javascript(server: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _log_in(page, server, "coordinator")
    page.goto(server + "/index-runs/new")
    page.select_option("#run-spec", "malmo_utsatthet")
    page.fill("#run-draws", "50")
    page.fill("#run-topk", "8")
    page.fill("#run-name", "Webbläsartest 50 dragningar")
    page.click("main button[type=submit]")  # the header's log-out button is a submit too
    page.wait_for_load_state()
    assert re.search(r"/index-runs/\d+$", page.url), page.url
    # The page refreshes itself (meta refresh, no script) until the run is done.
    page.wait_for_selector("table.ranking", timeout=60_000)
    assert page.locator("h1").inner_text() == "Webbläsartest 50 dragningar"
    rows = page.locator("table.ranking tbody tr")
    assert rows.count() >= 50
    assert rows.first.locator("td").first.inner_text() == "1"
    context.close()


def test_a_bad_run_form_is_answered_in_swedish_and_keeps_the_values(
    server: str, browser: Any
) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    _log_in(page, server, "coordinator")
    page.goto(server + "/index-runs/new")
    page.fill("#run-name", "Behålls")
    # A spec file that is not TOML: the server answers 422 with the form and the reason.
    page.set_input_files(
        "#run-file", files=[{"name": "trasig.toml", "mimeType": "text/plain", "buffer": b"[x"}]
    )
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    alert = page.locator("[role=alert]")
    assert alert.count() == 1
    assert "trasig.toml" in alert.inner_text()
    assert page.input_value("#run-name") == "Behålls"
    problems = _serious(page)
    context.close()
    assert problems == []
