"""The main workflows end to end in real Chromium.

Workflows run with JavaScript switched off: every core action is a plain form. Pages that only
a form post reaches (a form re-rendered with an error) are checked with axe-core here, since
the link walk cannot find them.
"""

from __future__ import annotations

import datetime as dt
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


def _post_form(page: Any, action_suffix: str) -> None:
    page.click(f"form[action$='{action_suffix}'] button[type=submit]")
    page.wait_for_load_state()


def test_a_targeting_round_from_proposal_to_public_decision(server: str, browser: Any) -> None:
    """Coordinator proposes and invites, the committee's officer comments, the admin decides
    (not the proposer), and the public page shows the new decision. JavaScript is off."""
    contexts = {role: browser.new_context(java_script_enabled=False) for role in ACCOUNTS}
    pages = {role: context.new_page() for role, context in contexts.items()}
    for role, page in pages.items():
        _log_in(page, server, role)

    coordinator = pages["coordinator"]
    coordinator.goto(server + "/targeting/new")
    coordinator.fill("#round-k", "6")
    coordinator.fill("#round-title", "Målområden 2026, webbläsartest")
    _post_form(coordinator, "/targeting")
    match = re.search(r"/targeting/(\d+)", coordinator.url)
    assert match, coordinator.url
    round_url = f"{server}/targeting/{match.group(1)}"
    assert coordinator.locator("input[name=selected]:checked").count() == 6
    coordinator.check("#org-FRN")
    deadline = dt.date.today() + dt.timedelta(days=14)
    coordinator.fill("#round-deadline", deadline.isoformat())
    _post_form(coordinator, "/consultation")
    # The proposer is told that someone else must decide.
    assert coordinator.locator("form[action$='/finalise']").count() == 0

    officer = pages["officer"]
    officer.goto(round_url)
    officer.check("#stance-support")
    officer.fill("#comment-text", "Fritidsnämnden stöder urvalet.")
    _post_form(officer, "/comments")
    assert "Fritidsnämnden stöder urvalet." in officer.content()

    admin = pages["admin"]
    admin.goto(round_url)
    admin.fill("#finalise-rationale", "Områdena med störst utsatthet, i samråd med nämnderna.")
    admin.fill("#finalise-ref", "KS 2026-12-02 § 7")
    _post_form(admin, "/finalise")
    assert admin.locator("form[action$='/finalise']").count() == 0  # decided: read-only

    public = browser.new_context(java_script_enabled=False).new_page()
    public.goto(server + "/public/targets")
    text = public.content()
    assert "KS 2026-12-02 § 7" in text  # the new decision, not the demo's
    assert "Områdena med störst utsatthet, i samråd med nämnderna." in text
    assert "6 målområden är markerade" in text
    for context in contexts.values():
        context.close()
