"""The stored audit trail on SQLite and PostgreSQL: appending, the guard, tamper detection."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core import audit
from kraftsamling.core.audit import (
    SQLITE_TRIGGERS,
    Action,
    Actor,
    AuditEntry,
    Head,
    head,
    record,
    restrict_app_role,
    verify,
)
from kraftsamling.core.audit_chain import GENESIS, BreakKind
from kraftsamling.core.db import transaction
from kraftsamling.core.errors import InvalidInput

T0 = dt.datetime(2026, 1, 22, 9, 0, tzinfo=dt.UTC)
ANNA = Actor(7, "Anna Ek")


def clock_from(start: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock that moves one minute per call."""
    ticks = iter(range(10_000))
    return lambda: start + dt.timedelta(minutes=next(ticks))


def append(factory: sessionmaker[Session], n: int, start: dt.datetime = T0) -> list[AuditEntry]:
    clock = clock_from(start)
    entries = []
    with transaction(factory) as session:
        for i in range(n):
            entries.append(
                record(
                    session,
                    actor=ANNA,
                    action=Action.UPDATE,
                    object_type="calloff",
                    object_id=i + 1,
                    before={"amount": 100 * i},
                    after={"amount": 100 * i + 50},
                    request_id=f"req-{i + 1}",
                    clock=clock,
                )
            )
    return entries


@contextmanager
def tampering(engine: Engine) -> Iterator[Connection]:
    """A connection on which the append-only triggers do not fire, as a superuser could get."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Ordinary triggers do not fire for replication; needs a superuser.
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            conn.execute(text("DROP TRIGGER audit_entries_no_update"))
            conn.execute(text("DROP TRIGGER audit_entries_no_delete"))
        yield conn
        if conn.dialect.name == "sqlite":
            for sql in SQLITE_TRIGGERS:
                conn.execute(text(sql))


def check(
    factory: sessionmaker[Session],
    expect_head: str | None = None,
    expect_count: int | None = None,
) -> audit.VerifyReport:
    with factory() as session:
        return verify(session, expect_head=expect_head, expect_count=expect_count)


def test_entries_link_into_a_chain(session_factory: sessionmaker[Session]) -> None:
    first, second, third = append(session_factory, 3)
    assert [e.id for e in (first, second, third)] == [1, 2, 3]
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    with session_factory() as session:
        stored = session.get(AuditEntry, 1)
        assert stored is not None
        assert stored.at == T0
        assert stored.object_id == "1"
        assert stored.after == {"amount": 50}
        # The hash recomputed by hand from the stored values and the format's rules.
        doc = (
            '{"action":"update","actor_id":7,"actor_label":"Anna Ek","after":{"amount":50},'
            '"at":"2026-01-22T09:00:00.000000Z","before":{"amount":0},"decision_ref":null,'
            '"object_id":"1","object_type":"calloff","prev_hash":"' + GENESIS + '",'
            '"request_id":"req-1","v":1}'
        )
        assert stored.hash == hashlib.sha256(doc.encode()).hexdigest()
        assert head(session) == Head(3, third.hash)
    report = check(session_factory)
    assert (report.ok, report.checked, report.head) == (True, 3, Head(3, third.hash))


def test_an_empty_trail_is_intact(session_factory: sessionmaker[Session]) -> None:
    report = check(session_factory)
    assert (report.ok, report.checked, report.head) == (True, 0, Head(0, None))


def test_a_rolled_back_append_leaves_no_gap(session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(RuntimeError), transaction(session_factory) as session:
        record(session, actor=ANNA, action="create", object_type="calloff", object_id=1)
        raise RuntimeError("the change being recorded failed")
    (entry,) = append(session_factory, 1)
    assert (entry.id, entry.prev_hash) == (1, GENESIS)


def test_record_refuses_bad_input(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        with pytest.raises(InvalidInput, match=r"lower-case name.*'Update!'"):
            record(session, actor=ANNA, action="Update!", object_type="calloff", object_id=1)
        with pytest.raises(InvalidInput, match="aware datetime"):
            record(
                session,
                actor=ANNA,
                action="create",
                object_type="calloff",
                object_id=1,
                clock=lambda: dt.datetime(2026, 1, 22),
            )
        with pytest.raises(InvalidInput, match=r"after\.share must be a finite number"):
            record(
                session,
                actor=ANNA,
                action="create",
                object_type="calloff",
                object_id=1,
                after={"share": float("inf")},
            )
        with pytest.raises(InvalidInput, match="actor label"):
            record(session, actor=Actor(1, ""), action="login", object_type="user", object_id=1)


def test_a_stale_head_cannot_fork_the_chain(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = append(session_factory, 2)
    # As if the lock were skipped and another writer committed between reading and inserting.
    monkeypatch.setattr(audit, "_lock_chain", lambda session: None)
    monkeypatch.setattr(audit, "head", lambda session: Head(1, first.hash))
    with pytest.raises(IntegrityError), transaction(session_factory) as session:
        record(session, actor=ANNA, action="create", object_type="calloff", object_id=9)
    monkeypatch.undo()
    assert check(session_factory).checked == 2


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET actor_label = 'someone else' WHERE id = 1",
        "DELETE FROM audit_entries WHERE id = 2",
    ],
)
def test_the_database_refuses_update_and_delete(
    engine: Engine, session_factory: sessionmaker[Session], statement: str
) -> None:
    append(session_factory, 2)
    with pytest.raises(DBAPIError, match="audit_entries is append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    assert check(session_factory).checked == 2


def test_an_edited_field_is_found(engine: Engine, session_factory: sessionmaker[Session]) -> None:
    append(session_factory, 5)
    with tampering(engine) as conn:
        conn.execute(text("UPDATE audit_entries SET actor_label = 'Bo' WHERE id = 3"))
    report = check(session_factory)
    assert (report.ok, report.broken_id, report.reason, report.checked) == (
        False,
        3,
        BreakKind.EDITED,
        2,
    )
    assert str(report).startswith("Audit trail broken at entry 3:")


def test_an_edited_snapshot_is_found(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    append(session_factory, 3)
    with tampering(engine) as conn:
        conn.execute(text("""UPDATE audit_entries SET "after" = '{"amount": 1}' WHERE id = 2"""))
    report = check(session_factory)
    assert (report.broken_id, report.reason) == (2, BreakKind.EDITED)


def test_a_rewritten_entry_with_a_fresh_hash_breaks_the_next_link(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    entries = append(session_factory, 4)
    fields = entries[1].chain_fields()
    forged = audit.entry_hash(type(fields)(**{**vars(fields), "actor_label": "Bo"}))
    with tampering(engine) as conn:
        conn.execute(
            text("UPDATE audit_entries SET actor_label = 'Bo', hash = :h WHERE id = 2"),
            {"h": forged},
        )
    report = check(session_factory)
    assert (report.broken_id, report.reason) == (3, BreakKind.RELINKED)


def test_a_deleted_middle_entry_is_found(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    append(session_factory, 5)
    with tampering(engine) as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE id = 3"))
    report = check(session_factory)
    assert (report.ok, report.broken_id, report.reason) == (False, 4, BreakKind.DELETED)
    assert "entry 3 missing" in str(report)


def test_a_deleted_first_entry_is_found(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    append(session_factory, 3)
    with tampering(engine) as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE id = 1"))
    report = check(session_factory)
    assert (report.broken_id, report.reason, report.checked) == (2, BreakKind.DELETED, 0)


def test_a_deleted_middle_entry_with_renumbering_is_found(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    append(session_factory, 4)
    with tampering(engine) as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE id = 2"))
        conn.execute(text("UPDATE audit_entries SET id = id - 1 WHERE id = 3"))
        conn.execute(text("UPDATE audit_entries SET id = id - 1 WHERE id = 4"))
    report = check(session_factory)
    assert (report.broken_id, report.reason) == (2, BreakKind.RELINKED)


def test_reordered_entries_are_found(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    append(session_factory, 4)
    with tampering(engine) as conn:
        for old, new in ((2, -2), (3, 2), (-2, 3)):
            conn.execute(
                text("UPDATE audit_entries SET id = :new WHERE id = :old"), {"old": old, "new": new}
            )
    report = check(session_factory)
    assert (report.broken_id, report.reason) == (2, BreakKind.REORDERED)
    assert "written after entry 3" in str(report)


def test_a_deleted_last_entry_needs_the_head_kept_outside(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    entries = append(session_factory, 5)
    kept = Head(5, entries[-1].hash)
    with tampering(engine) as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE id = 5"))
    # The remaining four entries are a consistent chain on their own ...
    assert check(session_factory).ok
    # ... so only the head noted earlier shows what is missing.
    by_hash = check(session_factory, expect_head=kept.hash)
    assert (by_hash.ok, by_hash.broken_id, by_hash.reason) == (False, 5, BreakKind.HEAD)
    by_count = check(session_factory, expect_count=kept.count)
    assert (by_count.ok, by_count.broken_id, by_count.reason) == (False, 5, BreakKind.HEAD)


def test_an_earlier_head_stays_valid_as_the_chain_grows(
    session_factory: sessionmaker[Session],
) -> None:
    entries = append(session_factory, 3)
    append(session_factory, 2, start=T0 + dt.timedelta(days=1))
    report = check(session_factory, expect_head=entries[-1].hash, expect_count=3)
    assert (report.ok, report.checked) == (True, 5)
    wrong_place = check(session_factory, expect_head=entries[-1].hash, expect_count=2)
    assert (wrong_place.ok, wrong_place.reason) == (False, BreakKind.HEAD)


def test_restricting_the_app_role(engine: Engine, session_factory: sessionmaker[Session]) -> None:
    if engine.dialect.name != "postgresql":
        with pytest.raises(InvalidInput, match="only on PostgreSQL"):
            restrict_app_role(engine, "kraftsamling_app")
        return
    role = f"ks_audit_app_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(text(f"CREATE ROLE {role}"))
        conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON audit_entries TO {role}"))
    try:
        restrict_app_role(engine, role)
        with transaction(session_factory) as session:
            session.execute(text(f"SET LOCAL ROLE {role}"))
            # The application's role can still append ...
            record(session, actor=ANNA, action="create", object_type="calloff", object_id=1)
        # ... but the database refuses its UPDATE before any trigger runs.
        refused = pytest.raises(DBAPIError, match="permission denied for table audit_entries")
        with refused, engine.begin() as conn:
            conn.execute(text(f"SET LOCAL ROLE {role}"))
            conn.execute(text("UPDATE audit_entries SET actor_label = 'x'"))
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"REVOKE ALL ON audit_entries FROM {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
    assert check(session_factory).checked == 1
