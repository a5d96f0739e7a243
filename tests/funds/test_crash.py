"""The server is killed (SIGKILL, master and workers) while decisions and payments race.

After a restart on the same database the ledger's invariants hold (the frame's totals are the
sums over its call-offs and payments, nothing overspends, nothing is paid beyond its grant),
no decision is half-written (every decided call-off has its decision record and its one audit
entry, every decision record made for a call-off is referenced), the audit chain verifies,
every answer the clients got before the kill is in the database, and the restarted server
takes decisions again. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from funds_support import COORDINATOR, user
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from test_race import (
    GRANT,
    Ready,
    Server,
    assessed,
    check_audit,
    check_decisions_whole,
    check_ledger,
    decide_call,
    error_code,
    reframe,
    served,
    tokens,
)

from kraftsamling.core.db import transaction
from kraftsamling.decisions import service as decisions
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.funds import service
from kraftsamling.funds.models import CallOff

pytestmark = pytest.mark.slow
PAYMENT = 10_000_00  # öre: thirty of them pay a grant in full, the next is refused
DECIDERS, PAYERS = 30, 20


@dataclass
class Seen:
    """What the clients were told before the server died."""

    granted: set[int] = field(default_factory=set)
    paid: dict[int, int] = field(default_factory=dict)  # call-off -> paid_ore in the answer
    answers: int = 0
    refused: int = 0
    lost: int = 0  # requests that got no answer: the kill caught them in flight
    bad: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, response: httpx.Response, call_off_id: int) -> None:
        with self.lock:
            self.answers += 1
            if response.status_code == 200:
                body = response.json()
                if body["status"] == "granted":
                    self.granted.add(call_off_id)
                self.paid[call_off_id] = max(self.paid.get(call_off_id, 0), body["paid_ore"])
            elif response.status_code == 409 and error_code(response) == "budget_exceeded":
                self.refused += 1
            else:
                self.bad.append(f"{response.status_code} {response.text[:300]}")


def granted_call_offs(factory: sessionmaker[Session], count: int) -> list[int]:
    """``count`` call-offs granted 300 000 kr each by the city director, in process."""
    ready = assessed(factory, count, GRANT // 100)
    with transaction(factory) as session:
        coordinator = user(session, COORDINATOR)
        for r in ready:
            service.decide(
                session,
                call_off_id=r.id,
                granted=True,
                decision=decisions.DecisionIn(
                    body_kind=BodyKind.BOARD,
                    body="city_director",
                    meeting_date=dt.date(2026, 3, 2),
                    heading="",
                ),
                user=coordinator,
                version=r.version,
            )
    return [r.id for r in ready]


def _decider(base: str, headers: dict[str, str], mine: list[Ready], seen: Seen) -> None:
    with httpx.Client(headers=headers, timeout=60) as client:
        for r in mine:
            url, body = decide_call(base, r)
            try:
                seen.note(client.post(url, json=body), r.id)
            except httpx.TransportError:
                with seen.lock:
                    seen.lost += 1
                return


def _payer(base: str, headers: dict[str, str], call_off_id: int, seen: Seen) -> None:
    body = {"amount_ore": PAYMENT, "paid_on": "2026-03-15", "reference": "race"}
    with httpx.Client(headers=headers, timeout=60) as client:
        for _ in range(GRANT // PAYMENT + 5):
            try:
                response = client.post(f"{base}/api/v1/call-offs/{call_off_id}/payments", json=body)
            except httpx.TransportError:
                with seen.lock:
                    seen.lost += 1
                return
            seen.note(response, call_off_id)


def race_and_kill(
    server: Server, headers: list[dict[str, str]], todo: list[Ready], paying: list[int]
) -> Seen:
    """Decide ``todo`` and pay ``paying`` from many clients; SIGKILL the server mid-way."""
    seen = Seen()
    threads = [
        threading.Thread(target=_decider, args=(server.base, headers[i], todo[i::DECIDERS], seen))
        for i in range(DECIDERS)
    ] + [
        threading.Thread(target=_payer, args=(server.base, headers[DECIDERS + j], c, seen))
        for j, c in enumerate(paying)
    ]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while seen.answers < 40 and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()
    for t in threads:
        t.join(timeout=60)
    return seen


@pytest.fixture
def server(world: sessionmaker[Session], engine: Engine, tmp_path: Path) -> Iterator[Server]:
    with served(engine, tmp_path) as s:
        yield s


def test_a_killed_server_leaves_a_whole_ledger(
    world: sessionmaker[Session], server: Server
) -> None:
    headers = tokens(world, COORDINATOR, DECIDERS + PAYERS)
    paying = granted_call_offs(world, PAYERS)
    todo = assessed(world, 60, GRANT // 100)
    reframe(world, left=25 * GRANT + 150_000_00, paragraph="§ 400")  # 25 of the 60 fit

    seen = race_and_kill(server, headers, todo, paying)
    assert seen.bad == [], seen.bad[:3]  # before the kill: success or "the frame is exceeded"
    assert seen.lost > 0, "the kill came after every request was answered"
    assert seen.answers >= 40

    server.start()  # same database: SQLite recovers its WAL, PostgreSQL rolled back the dead
    with world() as session:
        check_ledger(session)
        check_decisions_whole(session)
        check_audit(session)
        stored = {c.id: c for c in session.scalars(select(CallOff))}
        for cid in seen.granted:  # what a client was told was granted is granted
            assert stored[cid].status == "granted" and stored[cid].decision_id, cid
        for cid, paid in seen.paid.items():
            assert stored[cid].paid >= paid, (cid, stored[cid].paid, paid)
        left = [r for r in todo if stored[r.id].status == "assessed"]
        remaining = stored[todo[0].id].frame
        remaining_ore = remaining.amount - remaining.granted + remaining.returned
        assert left, "every decision was taken before the kill"

    # The restarted server decides the rest: no lock, no half-done transaction is left behind.
    with world() as session:
        versions = {c.id: c.version for c in session.scalars(select(CallOff))}
    after = Seen()
    with httpx.Client(headers=headers[0], timeout=60) as client:
        for r in left:
            url, body = decide_call(server.base, Ready(r.id, versions[r.id]))
            after.note(client.post(url, json=body), r.id)
    assert after.bad == [], after.bad[:3]
    assert len(after.granted) == min(len(left), remaining_ore // GRANT)
    with world() as session:
        frame = check_ledger(session)
        assert frame.amount - frame.granted + frame.returned == 150_000_00
        check_decisions_whole(session)
        check_audit(session)
