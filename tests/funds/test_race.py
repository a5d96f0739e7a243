"""Concurrent decisions and submissions against a real server, on SQLite and PostgreSQL.

The fund's world is built through the service layer; only the racing HTTP calls go through
``kraftsamling serve`` (uvicorn, two worker processes, each with its thread pool), so the
frame's row lock, SQLite's ``BEGIN IMMEDIATE``, the CHECK constraints and the case-number
series are tested the way they are deployed. Each run leaves less of the frame than its
call-offs ask for: exactly the grants that fit may succeed, every other answer is a 409
``budget_exceeded`` (never a 500), and the ledger, the API and the audit chain agree.

The helpers here (the server, the world's setup, the checks) are shared with ``test_crash``.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from funds_support import COORDINATOR, OFFICER, complete, user
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import api_token

from kraftsamling.core import audit
from kraftsamling.core.db import transaction
from kraftsamling.core.migrate import alembic_config
from kraftsamling.decisions import service as decisions
from kraftsamling.decisions.models import Decision
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.funds import service
from kraftsamling.funds.models import BudgetFrame, CallOff, Payment
from kraftsamling.funds.setup import frame_of, set_frame

ROOT = Path(__file__).resolve().parents[2]
FUND_ID, YEAR = 1, 2026
GRANT = 300_000_00  # öre: the largest amount the city director decides by delegation
CALL_OFFS = 60
WORKERS = 2
MEETING = "2026-03-10"

pytestmark = pytest.mark.slow


# ------------------------------------------------------------------------------ the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """``kraftsamling serve`` in its own process group, its output in ``log``."""

    url: str  # the database's
    log: Path
    workers: int = WORKERS
    base: str = ""
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90.0) -> None:
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "KRAFTSAMLING_ENVIRONMENT": "development",
            "PYTHONUNBUFFERED": "1",  # the start-up line is counted in the log
        }
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kraftsamling", "serve", "--host", "127.0.0.1",
                 "--port", str(port), "--workers", str(self.workers), "--no-access-log"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"The server exited:\n{self.output()}", pytrace=False)
            # Every worker must be up (one per start so far), or the race lands on one.
            starts = self.output().count("Kraftsamling on http")
            up = self.output().count("Application startup complete") >= self.workers * starts
            try:
                if up and httpx.get(f"{self.base}/login", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.kill()
        pytest.fail(f"The server did not answer within {timeout:.0f} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL to the server's process group: the master and its workers die at once."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


def database_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@contextmanager
def served(engine: Engine, log_dir: Path) -> Iterator[Server]:
    """The app served on ``engine``'s database, whose schema the fixtures made at head.

    ``serve`` migrates first; the schema was made by ``create_all``, so it is stamped at head
    (what the migration tests prove it equals) and the server starts on it as it is.
    """
    url = database_url(engine)
    command.stamp(alembic_config(url), "head")
    server = Server(url, log_dir / "server.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()
        with engine.begin() as conn:  # leave the schema as the fixtures expect to drop it
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


# ------------------------------------------------------------------------------- the world


@dataclass(frozen=True)
class Ready:
    """A call-off ready for its decision: its id and the version the decision form carries."""

    id: int
    version: int


def _decision_id(session: Session, paragraph: str) -> int:
    decision = decisions.record_decision(
        session,
        decisions.DecisionIn(
            body_kind=BodyKind.BOARD,
            body="Kommunstyrelsen",
            meeting_date=dt.date(2026, 3, 1),
            heading="Ändrad ram för kraftsamlande insatser",
            paragraph=paragraph,
            text="Ramen ändras (testdata).",
        ),
        user=None,
    )
    return decision.id


def reframe(factory: sessionmaker[Session], *, left: int, paragraph: str) -> BudgetFrame:
    """Set the 2026 frame, by a recorded decision, so that ``left`` öre remain of it."""
    with transaction(factory) as session:
        frame = frame_of(session, FUND_ID, YEAR)
        return set_frame(
            session,
            fund_id=FUND_ID,
            year=YEAR,
            amount=frame.granted - frame.returned + left,
            decision_id=_decision_id(session, paragraph),
            user=user(session, COORDINATOR),
        )


def drafts(factory: sessionmaker[Session], count: int, amount_kr: int) -> list[Ready]:
    """``count`` complete drafts of the officer's committee, saved in one transaction."""
    with transaction(factory) as session:
        officer = user(session, OFFICER)
        made = [
            service.create_call_off(
                session, fund_id=FUND_ID, year=YEAR, content=complete(amount_kr), user=officer
            )
            for _ in range(count)
        ]
        session.flush()
        return [Ready(c.id, c.version) for c in made]


def assessed(factory: sessionmaker[Session], count: int, amount_kr: int) -> list[Ready]:
    """``count`` call-offs submitted and recommended in full, waiting for their decision."""
    ready = drafts(factory, count, amount_kr)
    with transaction(factory) as session:
        officer, coordinator = user(session, OFFICER), user(session, COORDINATOR)
        out = []
        for r in ready:
            c = service.submit(session, call_off_id=r.id, user=officer, version=r.version)
            c = service.assess(
                session,
                call_off_id=c.id,
                recommendation="full",
                assessment="Insatsen når unga i målområdena och följer fondens kriterier.",
                user=coordinator,
                version=c.version,
            )
            out.append(Ready(c.id, c.version))
        return out


def tokens(factory: sessionmaker[Session], email: str, count: int) -> list[dict[str, str]]:
    """``count`` API tokens of one user: each client its own, so that no shared token row
    (its last use is written on every request) serialises the clients before the frame does."""
    return [api_token(factory, email, audit.utc_now) for _ in range(count)]


def race(
    calls: list[tuple[str, dict[str, Any]]], headers: list[dict[str, str]]
) -> list[httpx.Response]:
    """POST every call at once, one thread, connection and token each, released together."""
    barrier = threading.Barrier(len(calls))

    def post(i: int) -> httpx.Response:
        with httpx.Client(headers=headers[i % len(headers)], timeout=120) as client:
            barrier.wait()
            return client.post(calls[i][0], json=calls[i][1])

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(post, range(len(calls))))


def decide_call(base: str, r: Ready) -> tuple[str, dict[str, Any]]:
    body = {"version": r.version, "granted": True, "body": "city_director", "meeting_date": MEETING}
    return f"{base}/api/v1/call-offs/{r.id}/decide", body


# ------------------------------------------------------------------------------ the checks


def error_code(response: httpx.Response) -> str | None:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def check_audit(session: Session) -> None:
    report = audit.verify(session)
    assert report.ok, str(report)


def check_ledger(session: Session) -> BudgetFrame:
    """The frame's totals are the sums over its call-offs and payments; nothing overspends."""
    session.expire_all()
    frame = frame_of(session, FUND_ID, YEAR)
    offs = list(session.scalars(select(CallOff).where(CallOff.frame_id == frame.id)))
    moved: dict[str, int] = dict.fromkeys(("payment", "refund"), 0)
    for kind, amount in session.execute(
        select(Payment.kind, func.sum(Payment.amount))
        .join(CallOff)
        .where(CallOff.frame_id == frame.id)
        .group_by(Payment.kind)
    ):
        moved[kind] = int(amount)
    assert frame.granted == sum(c.granted for c in offs)
    assert frame.paid == sum(c.paid for c in offs) == moved["payment"]
    assert frame.returned == sum(c.refunded + c.released for c in offs)
    assert sum(c.refunded for c in offs) == moved["refund"]
    assert frame.granted - frame.returned <= frame.amount
    assert frame.paid <= frame.granted
    for c in offs:
        assert c.paid <= c.granted and c.refunded <= c.paid, c.id
        assert c.paid == sum(p.amount for p in c.payments if p.kind == "payment"), c.id
    return frame


def check_decisions_whole(session: Session) -> None:
    """Every granted call-off has its decision record and its audit entry, and every
    decision record made for a call-off is referenced by one."""
    decided = list(session.scalars(select(CallOff).where(CallOff.decided_at.is_not(None))))
    referenced = {c.decision_id for c in decided}
    for c in decided:
        assert c.decision_id is not None and c.decision is not None, c.id
        assert c.granted == 0 or c.status in ("granted", "paid", "reporting", "closed"), c.id
        entries = session.scalar(
            select(func.count())
            .select_from(audit.AuditEntry)
            .where(
                audit.AuditEntry.object_type == "call_off",
                audit.AuditEntry.object_id == str(c.id),
                audit.AuditEntry.decision_ref == c.decision.reference,
            )
        )
        assert entries == 1, (c.id, entries)
    assert session.scalar(select(func.count()).select_from(CallOff).where(
        CallOff.granted > 0, CallOff.decision_id.is_(None))) == 0  # fmt: skip
    orphans = session.scalars(
        select(Decision.id).where(
            Decision.heading.like("Avrop: %"), Decision.id.not_in(referenced or {0})
        )
    ).all()
    assert orphans == [], orphans


# ------------------------------------------------------------------------------- the tests


@pytest.fixture
def server(world: sessionmaker[Session], engine: Engine, tmp_path: Path) -> Iterator[Server]:
    with served(engine, tmp_path) as s:
        yield s


def _one_run(
    world: sessionmaker[Session],
    server: Server,
    headers: list[dict[str, str]],
    fits: int,
    run: int,
) -> None:
    reframe(world, left=100 * GRANT, paragraph=f"§ {100 + run}")  # room to submit
    ready = assessed(world, CALL_OFFS, GRANT // 100)
    # What remains: ``fits`` grants and a part of one more, so the next one must be refused.
    frame = reframe(world, left=fits * GRANT + 150_000_00, paragraph=f"§ {200 + run}")
    granted_before, amount = frame.granted, frame.amount
    responses = race([decide_call(server.base, r) for r in ready], headers)

    statuses = [r.status_code for r in responses]
    assert all(s in (200, 409) for s in statuses), (statuses, server.output()[-3000:])
    refused = [r for r in responses if r.status_code == 409]
    assert all(error_code(r) == "budget_exceeded" for r in refused), refused[0].text
    assert statuses.count(200) == fits, statuses
    with world() as session:
        frame = check_ledger(session)
        assert (frame.amount, frame.granted) == (amount, granted_before + fits * GRANT)
        assert frame.amount - frame.granted + frame.returned == 150_000_00  # to the öre
        ids = [r.id for r in ready]
        states = dict(
            session.execute(
                select(CallOff.status, func.count())
                .where(CallOff.id.in_(ids))
                .group_by(CallOff.status)
            ).all()
        )
        assert states == {"granted": fits, "assessed": CALL_OFFS - fits}, states
        check_decisions_whole(session)
        check_audit(session)
    funds = httpx.get(f"{server.base}/api/v1/funds", headers=headers[0], timeout=30).json()
    figures = next(f for f in funds[0]["frames"] if f["year"] == YEAR)["figures"]
    assert figures["granted_ore"] == granted_before + fits * GRANT
    assert figures["remaining_ore"] == 150_000_00


def _submissions(world: sessionmaker[Session], server: Server) -> None:
    reframe(world, left=100 * GRANT, paragraph="§ 300")
    ready = drafts(world, 50, 90_000)
    headers = tokens(world, OFFICER, 50)
    calls = [
        (f"{server.base}/api/v1/call-offs/{r.id}/submit", {"version": r.version}) for r in ready
    ]
    responses = race(calls, headers)
    assert [r.status_code for r in responses] == [200] * 50, server.output()[-3000:]
    numbers = [r.json()["case_number"] for r in responses]
    assert len(set(numbers)) == 50, sorted(numbers)
    with world() as session:
        stored = session.scalars(
            select(CallOff.case_number).where(CallOff.case_number.is_not(None))
        )
        every = list(stored)
        assert len(every) == len(set(every))
        serials = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
        assert serials == list(range(serials[0], serials[0] + 50))  # no gap, no repeat
        check_audit(session)


def test_concurrent_decisions_never_overspend_and_case_numbers_never_repeat(
    world: sessionmaker[Session], server: Server
) -> None:
    headers = tokens(world, COORDINATOR, CALL_OFFS)
    for run, fits in enumerate((7, 1, 13)):
        _one_run(world, server, headers, fits, run)
    _submissions(world, server)
    assert " 500 " not in server.output() and "Traceback" not in server.output()
