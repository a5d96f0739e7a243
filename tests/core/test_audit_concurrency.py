"""Concurrent appends: 12 threads, each with its own session, must build one chain, not a fork."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core import audit
from kraftsamling.core.audit import Actor, AuditEntry, record, verify
from kraftsamling.core.db import transaction

THREADS = 12
PER_THREAD = 5


def run_concurrently(factory: sessionmaker[Session]) -> list[BaseException]:
    """Each thread appends PER_THREAD entries, one transaction each; returns the errors raised."""
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        start.wait()
        for i in range(PER_THREAD):
            try:
                with transaction(factory) as session:
                    record(
                        session,
                        actor=Actor(n, f"worker {n}"),
                        action="create",
                        object_type="test",
                        object_id=f"{n}-{i}",
                    )
            except (IntegrityError, OperationalError) as exc:
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def chain_shape(factory: sessionmaker[Session]) -> tuple[int, int, bool]:
    """(entries, distinct prev_hash values, verify ok)."""
    with factory() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        distinct = session.scalar(select(func.count(func.distinct(AuditEntry.prev_hash)))) or 0
        return entries, distinct, verify(session).ok


def test_sixty_concurrent_appends_make_one_chain(session_factory: sessionmaker[Session]) -> None:
    errors = run_concurrently(session_factory)
    assert errors == []
    assert chain_shape(session_factory) == (THREADS * PER_THREAD, THREADS * PER_THREAD, True)


def test_without_the_lock_no_fork_is_committed(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    noop: Callable[[Session], None] = lambda session: None  # noqa: E731
    monkeypatch.setattr(audit, "_lock_chain", noop)
    errors = run_concurrently(session_factory)
    entries, distinct, ok = chain_shape(session_factory)
    # Racing writers are refused by the unique constraints instead of forking the chain.
    assert entries + len(errors) == THREADS * PER_THREAD
    assert (distinct, ok) == (entries, True)
