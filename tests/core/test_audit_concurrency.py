"""Concurrent appends: 12 threads, each with its own session, must build one chain, not a fork.

A race test proves nothing if the writers happened to run one after another, so each test
makes them overlap on purpose (a barrier every writer's first entry waits at) and checks
from timestamps that they did.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core import audit
from kraftsamling.core.audit import Actor, AuditEntry, record, verify
from kraftsamling.core.db import transaction

THREADS = 12
PER_THREAD = 5


@dataclass
class Trace:
    """What the writers did and when (``time.perf_counter`` seconds)."""

    errors: list[BaseException] = field(default_factory=list)
    crashes: list[BaseException] = field(default_factory=list)
    # (asked, granted, released) per committed or refused entry: asked before the chain lock,
    # granted after it, released at the end of the transaction's work, before commit.
    spans: list[tuple[float, float, float]] = field(default_factory=list)
    # (asked, head read, ended) of each writer's first entry, committed or refused
    first_round: list[tuple[float, float, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_concurrently(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, *, real_lock: bool
) -> Trace:
    """Each thread appends PER_THREAD entries, one transaction each.

    With ``real_lock`` the chain lock is kept and every first entry waits at a barrier just
    before asking for it, so twelve writers want the lock at once. Without it the lock is a
    no-op and every first entry waits at a barrier just after reading the head, so all twelve
    read the same head before any of them writes.
    """
    trace = Trace()
    start = threading.Barrier(THREADS, timeout=60)
    local = threading.local()
    original_lock, original_head = audit._lock_chain, audit.head

    def lock_chain(session: Session) -> None:
        local.asked = time.perf_counter()
        if not local.waited and real_lock:
            local.waited = True
            start.wait()
        if real_lock:
            original_lock(session)
        local.granted = time.perf_counter()

    def head(session: Session) -> audit.Head:
        found = original_head(session)
        local.read = time.perf_counter()
        if not local.waited:
            local.waited = True
            start.wait()
        return found

    monkeypatch.setattr(audit, "_lock_chain", lock_chain)
    monkeypatch.setattr(audit, "head", head)

    def worker(n: int) -> None:
        local.waited = False
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
                    released = time.perf_counter()
                    with trace.lock:
                        trace.spans.append((local.asked, local.granted, released))
            except (IntegrityError, OperationalError) as exc:
                with trace.lock:
                    trace.errors.append(exc)
            except BaseException as exc:  # a broken barrier, say: fail the test, not the thread
                with trace.lock:
                    trace.crashes.append(exc)
                return
            finally:
                if i == 0:
                    with trace.lock:
                        trace.first_round.append((local.asked, local.read, time.perf_counter()))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert trace.crashes == []
    return trace


def chain_shape(factory: sessionmaker[Session]) -> tuple[int, int, bool]:
    """(entries, distinct prev_hash values, verify ok)."""
    with factory() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        distinct = session.scalar(select(func.count(func.distinct(AuditEntry.prev_hash)))) or 0
        return entries, distinct, verify(session).ok


def test_sixty_concurrent_appends_make_one_chain(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = run_concurrently(session_factory, monkeypatch, real_lock=True)
    assert trace.errors == []
    assert chain_shape(session_factory) == (THREADS * PER_THREAD, THREADS * PER_THREAD, True)
    # The writers overlapped: all twelve asked for the lock before the first one was done.
    assert len(trace.first_round) == THREADS
    assert max(asked for asked, _, _ in trace.first_round) < min(
        end for _, _, end in trace.first_round
    )
    # ... and the lock made them take turns: no two held the chain at the same time.
    held = sorted((granted, released) for _, granted, released in trace.spans)
    overlaps = [(a, b) for a, b in itertools.pairwise(held) if b[0] < a[1]]
    assert overlaps == []


def test_without_the_lock_no_fork_is_committed(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = run_concurrently(session_factory, monkeypatch, real_lock=False)
    entries, distinct, ok = chain_shape(session_factory)
    # The race happened: twelve writers read the same head, and eleven of them lost it.
    assert len(trace.first_round) == THREADS
    assert max(read for _, read, _ in trace.first_round) < min(
        end for _, _, end in trace.first_round
    )
    assert len(trace.errors) >= THREADS - 1
    # Racing writers are refused by the unique constraints instead of forking the chain.
    assert entries + len(trace.errors) == THREADS * PER_THREAD
    assert (distinct, ok) == (entries, True)


def test_a_stale_head_is_refused_by_the_database(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The second layer alone, without timing: a writer that skipped the lock and read an old
    # head cannot commit a second entry after the genesis.
    noop: Callable[[Session], None] = lambda session: None  # noqa: E731
    monkeypatch.setattr(audit, "_lock_chain", noop)
    with transaction(session_factory) as session:
        first = record(
            session, actor=Actor(1, "one"), action="create", object_type="t", object_id=1
        )
    stale = audit.Head(0, None)
    monkeypatch.setattr(audit, "head", lambda session: stale)
    with pytest.raises(IntegrityError), transaction(session_factory) as session:
        record(session, actor=Actor(2, "two"), action="create", object_type="t", object_id=2)
    assert chain_shape(session_factory) == (1, 1, True)
    assert first.id == 1
