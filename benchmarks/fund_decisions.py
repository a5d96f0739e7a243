"""Fund decisions: decisions per second and the overspend under 50 clients, and the p95 of the
fund's GET API and pages under 50 clients, on PostgreSQL and SQLite.

For each backend: the demo database (``kraftsamling db upgrade`` and ``demo load``, which makes
Malmö's fund and its demo call-offs), then, through the service layer, ``CALL_OFFS`` call-offs
of 300 000 kr submitted and recommended in full, and the 2026 frame set by a recorded decision
so that exactly ``FITS`` of them fit (and 150 000 kr more, less than one grant). The real
server (``kraftsamling serve``, two workers) then takes every decision from 50 clients in a
closed loop, each taking the next call-off as soon as its previous answer is in.

Reported: decisions per second (every answered decision, granted or refused, over the wall
time) and grants per second; the overspend read back from the database (granted - returned -
amount, never below 0 kr; it must be 0 kr) with the number of grants, which must be exactly
``FITS``; every refusal must be 409 ``budget_exceeded``. Then the p50/p95 of ``/api/v1/funds``
and ``/api/v1/call-offs`` (the coordinator, a bearer token per client) and, when they exist, of
``/fund`` (signed in) and ``/public/fund`` (anonymous), each under 50 clients in a closed loop.
Target: p95 under 150 ms, as the other pages. Slowness never fails the benchmark; an
overspend, a wrong count of grants or a wrong answer does.

The client is HTTP/1.1 over asyncio streams with keep-alive (``_web_load``'s connection, here
with a method, a body and any header), so that it takes little of the 2 cores the server
needs. ``KRAFTSAMLING_BENCH_FUND_BACKENDS`` (``postgresql,sqlite``) picks the backends.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from benchmarks._web_load import BROKEN, Answer, Connection
from benchmarks._web_server import SetupFailed, demo_database, log_in, running_server
from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import User
from kraftsamling.core import audit
from kraftsamling.core.db import make_engine, make_sessionmaker, transaction
from kraftsamling.decisions import service as decisions
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.funds import service
from kraftsamling.funds.eligibility import Content, Direction, Effect, Partner, PartnerKind
from kraftsamling.funds.models import BudgetFrame, CallOff, Fund
from kraftsamling.funds.setup import frame_of, set_frame
from kraftsamling.stats.models import Indicator
from kraftsamling.targeting.queries import current_targets

CLIENTS = 50
CALL_OFFS = 300
FITS = 200
GRANT = 300_000_00  # öre: the city director decides up to this by delegation
REST = 150_000_00  # öre left over: less than one grant
YEAR = 2026
OFFICER = "handlaggare@kraftsamling.example"
COORDINATOR = "samordnare@kraftsamling.example"
GET_REQUESTS, GET_SECONDS = 1500, 20.0
TARGET_P95_MS = 150.0
WORKERS = 2


# ------------------------------------------------------------------------ the HTTP client


class Client(Connection):
    """One keep-alive connection that can also POST JSON and send any header; ``slot`` is the
    client's number (which token it uses)."""

    slot = 0

    async def send(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> Answer:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body or method == "POST":
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        parsed = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name:
                parsed[name.strip().lower()] = value.strip()
        answer = Answer(status, parsed, await self._body(reader, parsed))
        if parsed.get("connection", "").lower() == "close":
            self.close()
        return answer


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0


Job = Callable[[Client, int], Awaitable[Answer]]


async def _closed_loop(base: str, job: Job, total: int, seconds: float) -> Tally:
    """``CLIENTS`` connections, each sending its next request when the last answer is in."""
    host, port = base.removeprefix("http://").split(":")
    tally, issued = Tally(), [0]
    deadline = time.perf_counter() + seconds

    async def one_client(slot: int) -> None:
        client = Client(host, int(port))
        client.slot = slot
        try:
            while issued[0] < total and time.perf_counter() < deadline:
                n, issued[0] = issued[0], issued[0] + 1
                started = time.perf_counter()
                try:
                    answer = await asyncio.wait_for(job(client, n), 120)
                except BROKEN as exc:
                    client.close()
                    tally.errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                tally.latencies.append(time.perf_counter() - started)
                tally.answers.append(answer)
        finally:
            client.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_client(slot) for slot in range(CLIENTS)))
    tally.wall = time.perf_counter() - started
    return tally


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# ------------------------------------------------------------------------------ the data


@dataclass(frozen=True)
class Prepared:
    ready: list[tuple[int, int]]  # (call-off id, version)
    tokens: list[str]  # the coordinator's, one per client (a token's last use is written)
    frame_id: int


def _content(areas: tuple[str, ...], indicator: str) -> Content:
    return Content(
        title="Sommarlov i rörelse (benchmark)",
        description="Aktiviteter för unga under sommarlovet, med föreningar i målområdena.",
        process="local_development",
        themes=("leisure", "mobility"),
        areas=areas,
        age_bands=("13-15", "16-19"),
        reach=120,
        effects=(Effect(indicator, Direction.DECREASE),),
        amount=GRANT,
        period_start=dt.date(2026, 6, 1),
        period_end=dt.date(2026, 8, 31),
        partners=(Partner("IK Framåt", PartnerKind.ASSOCIATION),),
        contact_name="Fia Fritid",
        contact_email="fia@example.org",
    )


def _reframe(session: Session, fund: Fund, left: int, paragraph: str, by: User) -> BudgetFrame:
    frame = frame_of(session, fund.id, YEAR)
    decision = decisions.record_decision(
        session,
        decisions.DecisionIn(
            body_kind=BodyKind.BOARD,
            body="Kommunstyrelsen",
            meeting_date=dt.date(2026, 4, 1),
            heading="Ändrad ram (benchmark)",
            paragraph=paragraph,
        ),
        user=None,
    )
    return set_frame(
        session,
        fund_id=fund.id,
        year=YEAR,
        amount=frame.granted - frame.returned + left,
        decision_id=decision.id,
        user=by,
    )


def prepare(url: str) -> Prepared:
    """``CALL_OFFS`` assessed call-offs and a frame with room for exactly ``FITS`` of them."""
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    try:
        with transaction(factory) as session:
            fund = session.scalars(select(Fund)).one()
            officer = session.scalars(select(User).where(User.email == OFFICER)).one()
            coordinator = session.scalars(select(User).where(User.email == COORDINATOR)).one()
            targets = current_targets(session)
            if targets is None:
                raise SetupFailed("the demo has no decided target areas")
            areas = tuple(a.code for a in targets.areas[:2])
            indicator = min(session.scalars(select(Indicator.id)))
            _reframe(session, fund, CALL_OFFS * GRANT * 2, "§ 901", coordinator)
            ready = []
            for _ in range(CALL_OFFS):
                c = service.create_call_off(
                    session,
                    fund_id=fund.id,
                    year=YEAR,
                    content=_content(areas, indicator),
                    user=officer,
                )
                c = service.submit(session, call_off_id=c.id, user=officer, version=c.version)
                c = service.assess(
                    session,
                    call_off_id=c.id,
                    recommendation="full",
                    assessment="Insatsen når unga i målområdena och följer kriterierna.",
                    user=coordinator,
                    version=c.version,
                )
                ready.append((c.id, c.version))
            frame = _reframe(session, fund, FITS * GRANT + REST, "§ 902", coordinator)
            tokens = [
                accounts.create_api_token(
                    session, user=coordinator, name=f"benchmark {i}", clock=audit.utc_now
                )[0]
                for i in range(CLIENTS)
            ]
            return Prepared(ready, tokens, frame.id)
    finally:
        engine.dispose()


def ledger_after(url: str, frame_id: int, ids: list[int]) -> tuple[int, int, int]:
    """(overspend in öre, grants among ``ids``, frame total minus the sum over call-offs)."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            frame = session.get(BudgetFrame, frame_id)
            assert frame is not None
            offs = list(session.scalars(select(CallOff).where(CallOff.frame_id == frame_id)))
            grants = sum(1 for c in offs if c.id in set(ids) and c.granted > 0)
            drift = frame.granted - sum(c.granted for c in offs)
            return max(0, frame.granted - frame.returned - frame.amount), grants, drift
    finally:
        engine.dispose()


# ----------------------------------------------------------------------------- the runs


@dataclass
class Row:
    backend: str
    what: str
    figures: str


def _error_code(answer: Answer) -> str | None:
    try:
        return str(json.loads(answer.body)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def _api(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def decisions_run(url: str, base: str, prep: Prepared) -> tuple[str, list[str]]:
    async def decide(client: Client, n: int) -> Answer:
        cid, version = prep.ready[n]
        body = json.dumps(
            {"version": version, "granted": True, "body": "city_director",
             "meeting_date": "2026-04-10"}
        ).encode()  # fmt: skip
        auth = _api(prep.tokens[client.slot])
        return await client.send("POST", f"/api/v1/call-offs/{cid}/decide", auth, body)

    tally = asyncio.run(_closed_loop(base, decide, len(prep.ready), 600))
    problems = list(tally.errors[:3])
    ok = sum(1 for a in tally.answers if a.status == 200)
    wrong = [
        a for a in tally.answers
        if a.status != 200 and not (a.status == 409 and _error_code(a) == "budget_exceeded")
    ]  # fmt: skip
    problems += [f"decision answered {a.status}: {a.body[:200]!r}" for a in wrong[:3]]
    overspend, grants, drift = ledger_after(url, prep.frame_id, [i for i, _ in prep.ready])
    if overspend:
        problems.append(f"OVERSPEND: {overspend / 100:.2f} kr")
    if grants != FITS or ok != FITS:
        problems.append(f"{grants} grants in the database, {ok} answered 200; {FITS} fit")
    if drift:
        problems.append(f"the frame's granted differs from the call-offs' sum by {drift} öre")
    p95 = percentile(tally.latencies, 95) * 1000 if tally.latencies else float("nan")
    text = (
        f"{len(tally.answers) / tally.wall:6.1f} decisions/s ({ok / tally.wall:5.1f} grants/s), "
        f"{len(tally.answers)} answered in {tally.wall:.1f} s: {ok} granted, "
        f"{len(tally.answers) - ok} refused 409; p95 {p95:.0f} ms; "
        f"overspend {overspend // 100:,} kr".replace(",", " ")
    )
    return text, problems


def get_run(
    base: str, path: str, headers: list[dict[str, str]], html: bool
) -> tuple[str, list[str]]:
    async def fetch(client: Client, n: int) -> Answer:
        return await client.send("GET", path, headers[client.slot % len(headers)])

    asyncio.run(_closed_loop(base, fetch, CLIENTS, 60))  # warm-up: one request per client
    tally = asyncio.run(_closed_loop(base, fetch, GET_REQUESTS, GET_SECONDS))
    problems = list(tally.errors[:3])
    for a in tally.answers:
        complete = a.body.rstrip().endswith(b"</html>") if html else a.body[:1] in b"[{"
        if a.status != 200 or not complete:
            problems.append(f"{path} answered {a.status} ({len(a.body)} bytes)")
            break
    lat = [x * 1000 for x in tally.latencies] or [float("nan")]
    p95 = percentile(lat, 95)
    verdict = "under" if p95 < TARGET_P95_MS else "OVER"
    text = (
        f"{len(lat) / tally.wall:6.1f} req/s, p50 {statistics.median(lat):5.0f} ms, "
        f"p95 {p95:5.0f} ms ({verdict} the {TARGET_P95_MS:.0f} ms target), {len(lat)} requests"
    )
    return text, problems


def _exists(base: str, path: str, headers: dict[str, str]) -> bool:
    async def probe(client: Client, n: int) -> Answer:
        return await client.send("GET", path, headers)

    host, port = base.removeprefix("http://").split(":")
    answer = asyncio.run(probe(Client(host, int(port)), 0))
    return answer.status != 404


def backend_run(backend: str, rows: list[Row]) -> list[str]:
    problems: list[str] = []
    with demo_database(backend) as url, tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        prep = prepare(url)
        print(
            f"  {backend}: {CALL_OFFS} assessed call-offs in {time.perf_counter() - started:.1f} s"
        )
        with running_server(url, WORKERS, Path(tmp)) as server:
            text, found = decisions_run(url, server.base_url, prep)
            rows.append(Row(backend, f"decisions ({CLIENTS} clients)", text))
            problems += found
            api = [_api(t) for t in prep.tokens]
            for path in ("/api/v1/funds", "/api/v1/call-offs"):
                text, found = get_run(server.base_url, path, api, html=False)
                rows.append(Row(backend, f"GET {path}", text))
                problems += found
            cookie = {"Cookie": log_in(server.base_url, 1)[0], "Accept": "text/html"}
            for path, headers in (("/fund", cookie), ("/public/fund", {"Accept": "text/html"})):
                if not _exists(server.base_url, path, headers):
                    rows.append(Row(backend, f"GET {path}", "(no such page yet)"))
                    continue
                text, found = get_run(server.base_url, path, [headers], html=True)
                rows.append(Row(backend, f"GET {path}", text))
                problems += found
    return [f"{backend}: {p}" for p in problems]


def main() -> int:
    backends = os.environ.get("KRAFTSAMLING_BENCH_FUND_BACKENDS", "postgresql,sqlite").split(",")
    print(
        f"{CALL_OFFS} decisions of 300 000 kr from {CLIENTS} clients, {FITS} fit the frame; "
        f"then GETs under {CLIENTS} clients; server: kraftsamling serve, {WORKERS} workers"
    )
    rows: list[Row] = []
    problems: list[str] = []
    for backend in backends:
        try:
            problems += backend_run(backend.strip(), rows)
        except SetupFailed as exc:
            problems.append(f"{backend}: setup failed: {exc}")
    width = max((len(r.what) for r in rows), default=10)
    for r in rows:
        print(f"  {r.backend:<10} {r.what:<{width}}  {r.figures}")
    for p in problems:
        print(f"RESULT DISAGREES: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
