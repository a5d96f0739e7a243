"""Fixtures of ``web_latency``: a demo database per backend, the real server, CPU accounting.

The database is built with the commands a person runs (``kraftsamling db upgrade`` and
``kraftsamling demo load``) and served with ``kraftsamling serve`` in a subprocess, so the
benchmark measures what is deployed, not a test client.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import select

from kraftsamling.core.db import make_engine, make_sessionmaker

ROOT = Path(__file__).resolve().parents[1]
KRAFTSAMLING = [sys.executable, "-m", "kraftsamling"]
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
VIEWER = ("lasare@kraftsamling.example", "Demo-lasare-2026")  # printed by `demo load`
SESSION_COOKIE = "kraftsamling_session"  # the development environment's plain-http name
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class SetupFailed(RuntimeError):
    """The database or the server could not be prepared; no figure would mean anything."""


def _run(args: list[str], url: str) -> str:
    done = subprocess.run(
        [*KRAFTSAMLING, *args, "--database-url", url],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SetupFailed(f"kraftsamling {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _pg_admin() -> psycopg.Connection[tuple[object, ...]]:
    try:
        return psycopg.connect(
            dbname="postgres", host=PG_HOST, port=PG_PORT, user=PG_USER, autocommit=True,
            connect_timeout=5,
        )  # fmt: skip
    except psycopg.OperationalError:
        # The script starts the local cluster when it is installed but stopped.
        subprocess.run(["bash", "scripts/ensure-postgres.sh"], cwd=ROOT, check=False)
    try:
        return psycopg.connect(
            dbname="postgres", host=PG_HOST, port=PG_PORT, user=PG_USER, autocommit=True,
            connect_timeout=5,
        )  # fmt: skip
    except psycopg.OperationalError as exc:
        raise SetupFailed(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}: {exc}") from exc


@contextmanager
def demo_database(backend: str) -> Iterator[str]:
    """A fresh database with the demo data and the default index run; removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="kraftsamling-bench-") as tmp:
            url = f"sqlite:///{tmp}/demo.sqlite3"
            _load_demo(url)
            yield url
        return
    name = f"kraftsamling_bench_{os.getpid()}"
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
        _load_demo(url)
        yield url
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _load_demo(url: str) -> None:
    _run(["db", "upgrade"], url)
    out = _run(["demo", "load"], url)
    if not re.search(r"Stored the default index run \d+ \(\d+, done\)", out):
        raise SetupFailed(f"demo load stored no finished default index run:\n{out}")


@dataclass(frozen=True)
class DemoFacts:
    """What the pages must show, read from the database (not from the server)."""

    run_id: int
    run_name: str
    area_code: str
    area_name: str
    sub_areas: tuple[str, ...]


def demo_facts(url: str) -> DemoFacts:
    from kraftsamling.runs.models import IndexRun
    from kraftsamling.stats.models import Area

    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            run = session.scalars(
                select(IndexRun).where(IndexRun.status == "done").order_by(IndexRun.id)
            ).first()
            codes = tuple(
                session.scalars(
                    select(Area.code).where(Area.level == "sub_area").order_by(Area.code)
                )
            )
            if run is None or not codes:
                raise SetupFailed("the demo database has no finished index run or no sub-areas")
            name = session.scalar(select(Area.name).where(Area.code == codes[0]))
            return DemoFacts(run.id, run.name, codes[0], str(name), codes)
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path

    def cpu_seconds(self) -> float:
        """User + system CPU of the server and its worker processes so far."""
        return sum(_process_cpu(pid) for pid in _tree(self.process.pid))


@contextmanager
def running_server(url: str, workers: int, log_dir: Path) -> Iterator[Server]:
    """``kraftsamling serve`` on a free port; stopped with Ctrl+C (SIGINT) when done.

    The access log goes to a file: a full pipe would stall the server.
    """
    port = free_port()
    log = log_dir / f"server-{port}.log"
    env = {**os.environ, "DATABASE_URL": url, "KRAFTSAMLING_ENVIRONMENT": "development"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*KRAFTSAMLING, "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_ready(server, workers)
        yield server
    finally:
        _stop(process)


def _wait_ready(server: Server, workers: int, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SetupFailed(f"the server exited:\n{server.log.read_text(errors='replace')}")
        started = server.log.read_text(errors="replace").count("Application startup complete")
        try:
            if started >= workers and httpx.get(f"{server.base_url}/login").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SetupFailed(f"the server did not answer within {timeout:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group holds only this server's processes
            process.wait(timeout=10)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def _process_cpu(pid: int) -> float:
    try:
        # Fields after the command name, which may contain spaces: utime is 14th, stime 15th.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores together."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS, sum(values[:8]) / CLOCK_TICKS


def log_in(base_url: str, count: int) -> list[str]:
    """``count`` separate sessions of the demo viewer, through the login form; Cookie headers."""
    cookies = []
    for _ in range(count):
        with httpx.Client(base_url=base_url, follow_redirects=False, timeout=60) as client:
            form = client.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            if form.status_code != 200 or token is None:
                raise SetupFailed(f"the login page has no CSRF field (status {form.status_code})")
            answer = client.post(
                "/login",
                data={"email": VIEWER[0], "password": VIEWER[1], "csrf_token": token.group(1)},
            )
            session = client.cookies.get(SESSION_COOKIE)
            if answer.status_code != 303 or not session:
                raise SetupFailed(f"the demo viewer could not log in (status {answer.status_code})")
            cookies.append(f"{SESSION_COOKIE}={session}")
    return cookies
