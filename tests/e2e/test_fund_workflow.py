"""A call-off from draft to public grant in real Chromium, with JavaScript off.

An officer drafts and submits, a coordinator returns it, the officer completes it, a
coordinator assesses it, the board's decision list is produced (with its Word and Excel files)
and decided in one form, a payment is registered and the public page shows the grant. Then
every fund page the path went through is checked with axe-core (which needs script, so in a
second context), and no request of either context left the server's host.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

ACCOUNTS = {
    "coordinator": ("samordnare@kraftsamling.example", "Demo-samordnare-2026"),
    "officer": ("handlaggare@kraftsamling.example", "Demo-handlaggare-2026"),
}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
TITLE = "Nattfotboll och läxhjälp, webbläsartest"


def _log_in(page: Any, base: str, role: str) -> None:
    email, password = ACCOUNTS[role]
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url, f"log-in failed for {email}"


def _submit(page: Any, form: str) -> None:
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()


def _watch(page: Any, base: str, offsite: list[str]) -> None:
    host = urlsplit(base).netloc
    page.on("request", lambda r: offsite.append(r.url) if urlsplit(r.url).netloc != host else None)


def _draft(officer: Any, server: str) -> str:
    officer.goto(server + "/fund/call-offs/new")
    officer.fill("#f-title", TITLE)
    officer.fill("#f-description", "Fotboll sena fredagskvällar och läxhjälp före, med föreningar.")
    officer.select_option("#f-process", "local_development")
    officer.check("#theme-leisure")
    officer.locator("#f-areas input[name=areas]").first.check()
    officer.check("#age-13-15")
    officer.fill("#f-reach", "60")
    officer.fill("#f-amount", "12,345")  # a typing error: refused, everything kept
    officer.fill("#f-period-start", "2026-04-01")
    officer.fill("#f-period-end", "2026-12-31")
    officer.check("#path-full")
    officer.select_option("#effect-1", index=1)
    officer.select_option("#direction-1", "increase")
    officer.fill("#partner-1", "FC Rosengård")
    officer.fill("#f-contact-name", "Fia Fritid")
    officer.fill("#f-contact-email", "fia@example.org")
    _submit(officer, "main form.calloff-form")
    summary = officer.locator(".error-summary")
    assert summary.count() == 1 and "Sökt belopp" in summary.inner_text()
    assert officer.input_value("#f-title") == TITLE
    assert officer.input_value("#partner-1") == "FC Rosengård"
    officer.fill("#f-amount", "450 000")
    _submit(officer, "main form.calloff-form")
    match = re.search(r"/fund/call-offs/(\d+)", officer.url)
    assert match, officer.url
    assert "Utkastet är sparat." in officer.content()
    return f"{server}/fund/call-offs/{match.group(1)}"


def test_a_call_off_from_draft_to_public_grant(server: str, browser: Any) -> None:
    offsite: list[str] = []
    contexts = {role: browser.new_context(java_script_enabled=False) for role in ACCOUNTS}
    pages = {role: context.new_page() for role, context in contexts.items()}
    for role, page in pages.items():
        _watch(page, server, offsite)
        _log_in(page, server, role)
    officer, coordinator = pages["officer"], pages["coordinator"]
    seen = ["/fund", "/fund/call-offs", "/fund/call-offs/new", "/inbox", "/public/fund",
            "/public/decisions", "/fund/delegated"]  # fmt: skip

    url = _draft(officer, server)
    seen += [urlsplit(url).path, urlsplit(url).path + "/edit"]
    _submit(officer, "#form-submit")
    assert "Avropet är inlämnat." in officer.content()

    coordinator.goto(url)
    coordinator.fill("#return-message", "Ange hur föreningen och skolan delar ansvaret.")
    _submit(coordinator, "#form-return")
    assert "återsänt för komplettering" in coordinator.content()

    officer.goto(url + "/edit")
    officer.fill(
        "#f-description", "Fotboll sena fredagskvällar med FC Rosengård; skolan har läxhjälpen."
    )
    _submit(officer, "main form.calloff-form")
    _submit(officer, "#form-resubmit")
    assert "Kompletteringen är inlämnad." in officer.content()

    coordinator.goto(url)
    coordinator.check("#rec-full")
    coordinator.fill("#assess-text", "Insatsen når unga i målområdet och har partner från början.")
    _submit(coordinator, "#form-assess")
    assert "Bedömningen är sparad." in coordinator.content()

    day = dt.date.today().isoformat()
    meeting = f"/fund/meetings?body=KSAU&date={day}"
    seen.append(meeting)
    coordinator.goto(server + meeting)
    for kind in ("docx", "xlsx"):
        paper = coordinator.request.get(f"{server}/fund/meetings.{kind}?body=KSAU&date={day}")
        assert paper.status == 200 and len(paper.body()) > 1000
    cid = url.rsplit("/", 1)[1]
    for select in coordinator.locator("select[name=outcome]").all():
        select.select_option("grant" if select.get_attribute("id") == f"outcome-{cid}" else "skip")
    coordinator.fill("#meeting-paragraph", "§ 88")
    _submit(coordinator, "#form-meeting")
    assert "Besluten för listan är registrerade." in coordinator.content()

    coordinator.goto(url)
    assert "beviljat" in coordinator.content()
    coordinator.fill("#pay-amount", "200 000")
    _submit(coordinator, "#form-pay")
    assert "Utbetalningen är registrerad." in coordinator.content()

    public = browser.new_context(java_script_enabled=False).new_page()
    _watch(public, server, offsite)
    public.goto(server + "/public/fund")
    text = public.content()
    row = public.locator("tr", has_text=TITLE).inner_text()
    assert "450\u00a0000\u00a0kr" in row and "§ 88" in row, row
    assert "Insatsen når unga i målområdet" not in text  # the assessment stays internal
    for context in contexts.values():
        context.close()

    problems = _axe(browser, server, seen, offsite)
    assert problems == []
    assert offsite == []


def _axe(browser: Any, server: str, paths: list[str], offsite: list[str]) -> list[str]:
    """Serious or critical axe violations on each page, as the coordinator sees them (the
    officer for the draft form, which only officers get)."""
    problems = []
    for role in ("coordinator", "officer"):
        context = browser.new_context(bypass_csp=True)  # axe is injected as a script
        page = context.new_page()
        _watch(page, server, offsite)
        _log_in(page, server, role)
        for path in paths:
            response = page.goto(server + path)
            if response is None or response.status >= 400:
                continue  # not this role's page (the draft form for the coordinator)
            violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
            problems += [f"{role} {path}: {v['id']}" for v in violations
                         if v["impact"] in {"serious", "critical"}]  # fmt: skip
        context.close()
    return problems
