"""A real server with the demo data, and Debian's Chromium driven by Playwright.

The browser tests never skip: a missing Chromium fails them with a message saying how to
install it (`apt-get install chromium`; `.ci/run` does it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = os.environ.get("KRAFTSAMLING_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium tries to reach Google's hosts at start-up (no network here).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "kraftsamling", *args]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Demo data in a fresh SQLite file, served by uvicorn on a free loopback port."""
    folder = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/e2e.sqlite3",
        "KRAFTSAMLING_ENVIRONMENT": "development",  # plain http, so no __Host- cookies
    }
    subprocess.run(_cli("demo", "load"), env=env, check=True, capture_output=True)
    port = _free_port()
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen(_cli("serve", "--port", str(port)), env=env, stdout=log, stderr=log)
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
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
            "or set KRAFTSAMLING_CHROMIUM.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
