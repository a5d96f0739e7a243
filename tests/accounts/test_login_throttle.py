"""Log-in throttling delays, never locks: wrong passwords typed on a colleague's address from a
shared network address cost the colleague a minute at most, and an admin can lift the delay."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import ADMIN, COORDINATOR, FakeClock, csrf_from, login, make_client

from kraftsamling.accounts.models import User
from kraftsamling.accounts.throttle import MAX_DELAY, delay_after
from kraftsamling.core.audit import AuditEntry

WRONG = "wrong-password-1"


def _attempt(client: TestClient, password: str) -> httpx.Response:
    token = csrf_from(client.get("/login").text)
    return client.post(
        "/login", data={"email": COORDINATOR[0], "password": password, "csrf_token": token}
    )


def test_the_delay_doubles_from_the_fifth_failure_and_stops_at_a_minute() -> None:
    assert [delay_after(n, 5).total_seconds() for n in range(4, 12)] == [
        0, 2, 4, 8, 16, 32, 60, 60,
    ]  # fmt: skip
    assert delay_after(10_000, 5) == MAX_DELAY == dt.timedelta(minutes=1)


def test_the_wait_grows_with_each_failure_and_is_stated(
    client: TestClient, clock: FakeClock
) -> None:
    for _ in range(5):
        assert _attempt(client, WRONG).status_code == 401
    refused = _attempt(client, COORDINATOR[1])
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "2"
    assert "Vänta 2 sekunder och försök igen" in refused.text
    clock.advance(seconds=2)
    assert _attempt(client, WRONG).status_code == 401  # the sixth failure
    assert _attempt(client, COORDINATOR[1]).headers["Retry-After"] == "4"
    token = csrf_from(client.get("/login").text)
    english = client.post("/login?lang=en", data={
        "email": COORDINATOR[0], "password": WRONG, "csrf_token": token,
    })  # fmt: skip
    assert english.status_code == 429 and "Wait 4 seconds and try again" in english.text


def test_attempts_while_waiting_are_not_counted(client: TestClient, clock: FakeClock) -> None:
    for _ in range(5):
        _attempt(client, WRONG)
    for _ in range(20):  # someone keeps trying during the delay: nothing is checked or counted
        assert _attempt(client, WRONG).status_code == 429
    clock.advance(seconds=2)
    assert _attempt(client, COORDINATOR[1]).status_code == 303


def test_a_shared_address_never_locks_the_right_password_out_for_long(
    client: TestClient, clock: FakeClock
) -> None:
    """Someone types wrong passwords on the coordinator's address as fast as allowed for ten
    minutes; each time, the coordinator gets in at most a minute after the last wrong try."""
    failures = 0
    start = clock.now
    while clock.now - start < dt.timedelta(minutes=10):
        answer = _attempt(client, WRONG)
        if answer.status_code == 401:
            failures += 1
        else:
            assert answer.status_code == 429
            assert int(answer.headers["Retry-After"]) <= 60
            clock.advance(seconds=int(answer.headers["Retry-After"]))
    assert failures > 10  # well past the point where a hard lock would have begun
    clock.advance(seconds=60)
    assert _attempt(client, COORDINATOR[1]).status_code == 303


def test_an_admin_lifts_the_delay_and_the_audit_trail_says_so(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    for _ in range(8):
        clock.advance(seconds=20)  # past each delay so far (the 8th failure's is 16 s)
        assert _attempt(client, WRONG).status_code == 401
    assert _attempt(client, COORDINATOR[1]).headers["Retry-After"] == "16"
    with seeded() as session:
        coordinator_id = session.scalars(select(User.id).where(User.email == COORDINATOR[0])).one()
    with make_client(seeded, clock) as admin:
        assert login(admin, ADMIN) == 303
        token = csrf_from(admin.get("/admin/users").text)
        lifted = admin.post(f"/admin/users/{coordinator_id}/unlock", data={"csrf_token": token})
        assert lifted.status_code == 303
        page = admin.get(lifted.headers["location"]).text
        assert f"Inloggningsspärren för {COORDINATOR[0]} är hävd" in page
    assert _attempt(client, COORDINATOR[1]).status_code == 303
    with seeded() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "login_unlock")).one()
    assert (entry.object_type, entry.object_id) == ("user", str(coordinator_id))
    assert entry.actor_label is not None and ADMIN[0].split("@")[0] in entry.actor_label.lower()


def test_failures_after_an_unlock_count_again(
    client: TestClient, seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    with seeded() as session:
        coordinator_id = session.scalars(select(User.id).where(User.email == COORDINATOR[0])).one()
    with make_client(seeded, clock) as admin:
        assert login(admin, ADMIN) == 303
        token = csrf_from(admin.get("/admin/users").text)
        admin.post(f"/admin/users/{coordinator_id}/unlock", data={"csrf_token": token})
    clock.advance(seconds=1)
    for _ in range(5):
        assert _attempt(client, WRONG).status_code == 401
    assert _attempt(client, COORDINATOR[1]).status_code == 429
