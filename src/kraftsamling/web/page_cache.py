"""Rendered pages kept in memory until the data they show changes.

An entry's key holds a *data version* read on every request: the id of the newest audit entry
that is not about accounts. Every write to statistics, runs (including a run finishing),
rounds and organisations appends an audit entry (the trail is the application's change log),
so the version moves whenever what a page shows may have changed. A stale page is therefore never
served, even with several server processes: each reads the version from the shared database.
Account events (log-ins, tokens, audit exports) are left out, so that signing in does not empty
the cache; cached pages show no other user's account data. Any new kind of object counts as
data by default.

The parts of the layout that differ between users of one role (the name in the header and
the CSRF token of the log-out form) are rendered as markers and filled in per request, so one
entry serves everyone with the same role and language. Pages whose content depends on the
user's organisation or on a form must not be cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse

from kraftsamling.core.audit import AuditEntry
from kraftsamling.web.deps import Principal
from kraftsamling.web.templating import csrf_token, render_html, with_csrf_cookie

MARK_CSRF = "@@kraftsamling-csrf@@"
MARK_NAME = "@@kraftsamling-user-name@@"
# Audit object types that change no cached page.
ACCOUNT_EVENTS = ("user", "api_token", "audit_entries")
MAX_ENTRIES = 256  # ~100 kB a page: at most some 25 MB per process


class PageCache:
    """A thread-safe least-recently-used map from keys to rendered HTML."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            html = self._entries.get(key)
            if html is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return html

    def put(self, key: Hashable, html: str) -> None:
        with self._lock:
            self._entries[key] = html
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def data_version(session: Session) -> int | None:
    """Moves whenever stored data that a page shows may have changed (see the module text)."""
    # ORDER BY ... LIMIT 1 walks the primary key backwards from the newest entry on both
    # backends. Core on the session's connection: the ORM's result machinery tripled the cost
    # of this one-number query, which runs on every cached page.
    entries = AuditEntry.__table__
    query = (
        select(entries.c.id)
        .where(entries.c.object_type.not_in(ACCOUNT_EVENTS))
        .order_by(entries.c.id.desc())
        .limit(1)
    )
    version: int | None = session.connection().execute(query).scalar()
    return version


def render_cached(
    request: Request,
    db: Session,
    name: str,
    key: Hashable,
    build: Callable[[], dict[str, Any]],
) -> HTMLResponse:
    """Render template ``name`` with the context ``build()`` makes, or serve it from the cache.

    ``key`` must name everything the page depends on besides the path, language, role and
    data version (which are added here): typically the query parameters.
    """
    cache: PageCache = request.app.state.page_cache
    principal: Principal | None = getattr(request.state, "user", None)
    lang = getattr(request.state, "lang", None)
    role = principal.role if principal else None
    full_key = (name, request.url.path, key, lang, role, data_version(db))
    html = cache.get(full_key)
    if html is None:
        marked = None
        if principal is not None:
            marked = Principal(principal.id, MARK_NAME, principal.role, principal.organisation_id)
        html = render_html(request, name, build(), user=marked, csrf=MARK_CSRF)
        cache.put(full_key, html)
    html = html.replace(MARK_CSRF, csrf_token(request))
    if principal is not None:
        html = html.replace(MARK_NAME, str(escape(principal.name)))
    return with_csrf_cookie(request, HTMLResponse(html))
