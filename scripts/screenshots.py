"""Take the README's screenshots from a fresh demo installation, in Debian's Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Loads the demo data into a temporary SQLite file, serves it on a free port, logs in as the
demo viewer and saves one PNG per page in ``PAGES``. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("KRAFTSAMLING_CHROMIUM", "/usr/bin/chromium")
VIEWER = ("lasare@kraftsamling.example", "Demo-lasare-2026")
# file name -> (path, whether the page needs a log-in, element to scroll to the top or None)
PAGES = {
    "public-map.png": ("/public/map", False, "main h1"),
    "public-targets.png": ("/public/targets", False, "main h1"),
    "ranking.png": ("/index-runs/1", True, "table.ranking"),
    "area-profile.png": ("/areas/1280-09-03", True, "main h1"),
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "kraftsamling", *args]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3",
               "KRAFTSAMLING_ENVIRONMENT": "development"}  # fmt: skip
        subprocess.run(_cli("demo", "load"), env=env, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen(
            _cli("serve", "--port", str(port)), env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(base + "/", timeout=1.0)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            _shoot(base, args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


def _shoot(base: str, out: Path) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        logged_in = False
        for name, (path, needs_login, anchor) in PAGES.items():
            if needs_login and not logged_in:
                page.goto(base + "/login")
                page.fill("#email", VIEWER[0])
                page.fill("#password", VIEWER[1])
                page.click("main button[type=submit]")
                page.wait_for_load_state()
                logged_in = True
            page.goto(base + path)
            if anchor:
                page.locator(anchor).first.evaluate("el => el.scrollIntoView()")
            page.screenshot(path=str(out / name), full_page=False)
            print(f"{out / name}: {base + path}")
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
