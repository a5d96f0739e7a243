"""When a server-side session may be used, and a read-only look at one for cached pages.

:func:`kraftsamling.accounts.service.resolve_session` (every request through the application)
and :func:`peek_from_row` (the page cache's early answers) apply the same rule,
:func:`session_state`, so the two can never disagree on who is signed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import Row, Select, select

from kraftsamling.accounts.models import User, WebSession
from kraftsamling.accounts.secrets import AuthPolicy, as_utc, sha256_hex

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
