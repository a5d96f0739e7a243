"""An expired session and a confirmation in real Chromium, with JavaScript off.

A coordinator types a new round's title, the session expires (its last activity is moved back
in the server's database, as an idle afternoon would), and the form is sent: the log-in page
says why it appears, and after the log-in the form comes back filled in and can be sent. The
new round is then cancelled through its confirmation page, with a reason. A page load after
expiry explains the log-in page too. Each page on the way is checked with axe-core (in a
second context, with script) and no request left the server's host.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe

COORDINATOR = ("samordnare@kraftsamling.example", "Demo-samordnare-2026")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
TITLE = "Urval efter en utgången session"
REASON = "Skapad i ett webbläsartest; ska inte remitteras."


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The demo on a server of its own, with the path of its database (to age sessions)."""
    import socket

    folder = tmp_path_factory.mktemp("e2e-session")
    database = folder / "e2e.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
           "KRAFTSAMLING_ENVIRONMENT": "development"}  # fmt: skip
    cli = [sys.executable, "-m", "kraftsamling"]
    subprocess.run([*cli, "demo", "load"], env=env, check=True, capture_output=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail(f"The server did not start; see {folder / 'server.log'}", pytrace=False)
        yield base, database
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def _age_sessions(database: Path) -> None:
    """Move every session's last activity two hours back: past the 30-minute idle timeout."""
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).replace(tzinfo=None)
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE web_sessions SET last_seen_at = ?", (long_ago.isoformat(" "),))


def _log_in(page: Any, base: str) -> None:
    if "/login" not in page.url:
        page.goto(base + "/login")
    page.fill("#email", COORDINATOR[0])
    page.fill("#password", COORDINATOR[1])
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url, "log-in failed"


def _watch(page: Any, base: str, offsite: list[str]) -> None:
    host = urlsplit(base).netloc
    page.on("request", lambda r: offsite.append(r.url) if urlsplit(r.url).netloc != host else None)


def test_expired_session_keeps_the_form_and_cancelling_is_confirmed(
    served: tuple[str, Path], browser: Any
) -> None:
    base, database = served
    offsite: list[str] = []
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _watch(page, base, offsite)
    _log_in(page, base)

    page.goto(base + "/targeting/new")
    page.fill("#round-title", TITLE)
    page.fill("#round-k", "4")
    _age_sessions(database)
    page.click("main form[action='/targeting'] button[type=submit]")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/login" and "restore=" in page.url
    login_with_draft = page.url.removeprefix(base)
    notice = page.locator("#login-expired").inner_text()
    assert "Din session har gått ut" in notice and "Lösenord sparas aldrig." in notice

    _log_in(page, base)
    assert urlsplit(page.url).path == "/targeting/new" and "restore=" in page.url
    restored = page.url.removeprefix(base)
    assert page.input_value("#round-title") == TITLE and page.input_value("#round-k") == "4"
    assert "Det du skrev är ifyllt igen" in page.locator("#restored").inner_text()
    page.click("main form[action='/targeting'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE
    round_path = urlsplit(page.url).path

    # Cancelling: a link to a confirmation page, whose form needs a reason.
    page.click(f"a[href='{round_path}/cancel']")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Avbryta omgången?"
    confirm = urlsplit(page.url).path
    page.click("main form button[type=submit]")  # the empty, required reason stops the form
    assert urlsplit(page.url).path == confirm
    page.fill("#cancel-reason", REASON)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == round_path
    assert "Omgången avbröts" in page.locator("main").inner_text()

    # A page load after expiry says why the log-in page appears.
    _age_sessions(database)
    page.goto(base + "/targeting")
    assert urlsplit(page.url).path == "/login"
    assert "Din session har gått ut" in page.locator("#login-expired").inner_text()
    context.close()

    problems = _axe(browser, base, [login_with_draft, restored], offsite)
    assert problems == []
    assert offsite == []


def _violations(page: Any, label: str) -> list[str]:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{label}: {v['id']}" for v in violations if v["impact"] in {"serious", "critical"}]


def _axe(browser: Any, base: str, paths: list[str], offsite: list[str]) -> list[str]:
    """Serious or critical axe violations: the log-in page with the expiry notice as anyone
    sees it, the restored form as the coordinator, and a new round's cancel confirmation with
    its refused (empty) reason."""
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    _watch(page, base, offsite)
    page.goto(base + paths[0])
    problems = _violations(page, paths[0])
    _log_in(page, base)
    for path in paths[1:]:
        page.goto(base + path)
        problems += _violations(page, path)
    page.goto(base + "/targeting/new")
    page.fill("#round-title", TITLE + " (axe)")
    page.click("main form[action='/targeting'] button[type=submit]")
    page.wait_for_load_state()
    confirm = urlsplit(page.url).path + "/cancel"
    page.goto(base + confirm)
    problems += _violations(page, confirm)
    page.eval_on_selector("#cancel-reason", "e => e.removeAttribute('required')")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#cancel-error").count() == 1
    problems += _violations(page, confirm + " (refused)")
    context.close()
    return problems
