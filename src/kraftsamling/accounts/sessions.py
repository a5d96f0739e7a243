"""Server-side sessions: opening, resolving and ending them, and a read-only look for cached pages.

Each function works inside the caller's SQLAlchemy session and only flushes (see
:mod:`kraftsamling.accounts.service`). :func:`resolve_session` (every request through the
application) and :func:`peek_from_row` (the page cache's early answers) apply the same rule,
:func:`session_state`, so the two can never disagree on who is signed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User, WebSession, actor_of
from kraftsamling.accounts.secrets import (
    AuthPolicy,
    Clock,
    as_utc,
    new_token,
    sha256_hex,
    tokens_equal,
)
from kraftsamling.core import audit
from kraftsamling.core.audit import Action

# How often a session's last activity is written: a write on every request would make every
# page view queue for SQLite's single write lock, and a minute is nothing beside the idle timeout.
LAST_SEEN_STEP = dt.timedelta(minutes=1)


class SessionState(Enum):
    LIVE = "live"
    PENDING = "pending"  # live, but only the password page may be used until it is changed
    ENDED = "ended"  # revoked, idle or too old, or its user deactivated


def session_state(
    *,
    revoked_at: dt.datetime | None,
    user_active: bool,
    must_change_password: bool,
    created_at: dt.datetime,
    last_seen_at: dt.datetime,
    now: dt.datetime,
    policy: AuthPolicy,
) -> SessionState:
    """The state of a stored session at ``now``."""
    if revoked_at is not None or not user_active:
        return SessionState.ENDED
    if now - as_utc(last_seen_at) > policy.idle_timeout:
        return SessionState.ENDED
    if now - as_utc(created_at) > policy.absolute_timeout:
        return SessionState.ENDED
    return SessionState.PENDING if must_change_password else SessionState.LIVE


def needs_touch(last_seen_at: dt.datetime, now: dt.datetime) -> bool:
    """Whether this request must record the session's activity (see ``LAST_SEEN_STEP``)."""
    return now - as_utc(last_seen_at) >= LAST_SEEN_STEP


@dataclass(frozen=True)
class SessionPeek:
    """Who a live session belongs to, read without writing anything."""

    user_id: int
    user_name: str
    role: str
    organisation_id: int
    csrf_token: str


def session_lookup(token: str) -> Select[Any]:
    """A read-only query for what :func:`peek_from_row` needs of a cookie value's session.

    Core rather than the ORM's joined load, which costs several times more; callers may add
    columns of their own to the one round trip.
    """
    s, u = WebSession.__table__, User.__table__
    columns = (
        s.c.revoked_at,
        s.c.created_at,
        s.c.last_seen_at,
        s.c.csrf_token,
        u.c.id.label("user_id"),
        u.c.name,
        u.c.role,
        u.c.organisation_id,
        u.c.active,
        u.c.must_change_password,
    )
    return (
        select(*columns).join(u, u.c.id == s.c.user_id).where(s.c.token_hash == sha256_hex(token))
    )


def peek_from_row(
    row: Row[Any] | None, *, policy: AuthPolicy, now: dt.datetime
) -> SessionPeek | None:
    """The live session a :func:`session_lookup` row describes, if it needs no write now.

    ``None`` when the session is unknown, not live (pending, ended) or due its once-a-minute
    activity write: the caller then takes the full path, which deals with each of those.
    """
    if row is None or needs_touch(row.last_seen_at, now):
        return None
    state = session_state(
        revoked_at=row.revoked_at,
        user_active=row.active,
        must_change_password=row.must_change_password,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        now=now,
        policy=policy,
    )
    if state is not SessionState.LIVE:
        return None
    return SessionPeek(row.user_id, row.name, row.role, row.organisation_id, row.csrf_token)


def start_session(session: Session, *, user: User, clock: Clock) -> tuple[str, WebSession]:
    """Open a server-side session; returns the cookie value (never stored) and the row."""
    token = new_token()
    now = clock()
    row = WebSession(
        token_hash=sha256_hex(token),
        user=user,
        csrf_token=new_token(),
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    session.flush()
    return token, row


def resolve_session(
    session: Session,
    *,
    token: str,
    policy: AuthPolicy,
    clock: Clock,
    allow_pending: bool = False,
) -> WebSession | None:
    """The live session for a cookie value, or ``None`` when unknown, revoked, idle or too old.

    A session whose user must change their password counts only with ``allow_pending``.
    Records the session's activity at most once a minute.
    """
    row = session.scalar(select(WebSession).where(WebSession.token_hash == sha256_hex(token)))
    if row is None:
        return None
    now = clock()
    state = session_state(
        revoked_at=row.revoked_at,
        user_active=row.user.active,
        must_change_password=row.user.must_change_password,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        now=now,
        policy=policy,
    )
    if state is SessionState.ENDED or (state is SessionState.PENDING and not allow_pending):
        return None
    if needs_touch(row.last_seen_at, now):
        row.last_seen_at = now
    return row


def ended_session(session: Session, *, cookie: str | None, csrf: str) -> WebSession | None:
    """The stored session a form came from when it is no longer live: found by the cookie, or,
    when the browser no longer sends one, by the form's CSRF token (which only a page of that
    session showed). ``None`` when neither names a session, or the token is not its token."""
    if cookie:
        row = session.scalar(select(WebSession).where(WebSession.token_hash == sha256_hex(cookie)))
    else:
        row = session.scalar(select(WebSession).where(WebSession.csrf_token == csrf).limit(1))
    if row is None or not csrf or not tokens_equal(row.csrf_token, csrf):
        return None
    return row


def revoke_session(
    session: Session, *, token: str, clock: Clock, request_id: str | None = None
) -> None:
    """End the session of a cookie value (logout); an unknown or ended one is left alone."""
    row = session.scalar(select(WebSession).where(WebSession.token_hash == sha256_hex(token)))
    if row is None or row.revoked_at is not None:
        return
    row.revoked_at = clock()
    audit.record(
        session,
        actor=actor_of(row.user),
        action=Action.LOGOUT,
        object_type="user",
        object_id=row.user_id,
        request_id=request_id,
        clock=clock,
    )


def revoke_all_sessions(
    session: Session, user: User, now: dt.datetime, keep_id: int | None = None
) -> int:
    """End every live session of ``user`` except ``keep_id``; returns how many were ended."""
    query = select(WebSession).where(WebSession.user_id == user.id, WebSession.revoked_at.is_(None))
    if keep_id is not None:
        query = query.where(WebSession.id != keep_id)
    # Row by row (a user has few), so objects already loaded in this session see it too.
    rows = session.scalars(query).all()
    for row in rows:
        row.revoked_at = now
    return len(rows)
