"""Rendered pages kept in memory until the data they show changes, and served before routing.

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
entry serves everyone with the same role and language. A page is cached only by its handler
(:func:`render_cached`), after the handler has let the user's role in, under the request's path,
query string, language, role and the data version; it must depend on nothing else (not on the
user's organisation, not on a form).

:class:`CachedPageMiddleware` answers a request from the cache before FastAPI routes it: one
query for the session and the data version together, and no dependency machinery. A cached page
exists for a role only if a handler served that very URL to that role, so answering it early
lets in no one the handler would refuse. Anything unusual (no entry, a session that is not
live or is due its activity write) goes the full way.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from markupsafe import escape
from sqlalchemy import Connection, Select, select, text
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kraftsamling.accounts.sessions import peek_from_row, session_lookup
from kraftsamling.core.audit import DATA_ENTRIES, AuditEntry
from kraftsamling.web.deps import Principal
from kraftsamling.web.templating import csrf_token, page_language, render_html, with_csrf_cookie

MARK_CSRF = "@@kraftsamling-csrf@@"
MARK_NAME = "@@kraftsamling-user-name@@"
MAX_ENTRIES = 256  # ~100 kB a page: at most some 25 MB per process

PageKey = tuple[str, bytes, str, str | None, int | None]


class PageCache:
    """A thread-safe least-recently-used map from page keys to rendered HTML.

    ``hits`` counts pages served from the cache (``early_hits`` those served before routing),
    ``misses`` pages rendered because they were not.
    """

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[PageKey, str] = OrderedDict()
        self._paths: Counter[str] = Counter()  # so that other paths skip the lookup's queries
        self._lock = threading.Lock()
        self.hits = self.early_hits = self.misses = 0

    def get(self, key: PageKey, *, early: bool = False) -> str | None:
        with self._lock:
            html = self._entries.get(key)
            if html is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                self.early_hits += early
            return html

    def put(self, key: PageKey, html: str) -> None:
        with self._lock:
            self.misses += 1
            if key not in self._entries:
                self._paths[key[0]] += 1
            self._entries[key] = html
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                old, _ = self._entries.popitem(last=False)
                self._paths[old[0]] -= 1
                if not self._paths[old[0]]:
                    del self._paths[old[0]]

    def holds_path(self, path: str) -> bool:
        return path in self._paths

    def __len__(self) -> int:
        return len(self._entries)


def data_version_query() -> Select[Any]:
    # ORDER BY ... LIMIT 1 walks the primary key backwards from the newest entry on both
    # backends. Core rather than the ORM: its result machinery tripled the cost of this
    # one-number query, which runs on every cached page.
    entries = AuditEntry.__table__
    return (
        select(entries.c.id)
        .where(text(DATA_ENTRIES))  # literally, so that the partial index serves it
        .order_by(entries.c.id.desc())
        .limit(1)
    )


def data_version(connection: Connection) -> int | None:
    """Moves whenever stored data that a page shows may have changed (see the module text)."""
    version: int | None = connection.execute(data_version_query()).scalar()
    return version


def page_key(request: Request, role: str | None, version: int | None) -> PageKey:
    return (request.url.path, request.scope["query_string"], page_language(request), role, version)


def _filled(request: Request, html: str, user_name: str | None) -> HTMLResponse:
    html = html.replace(MARK_CSRF, csrf_token(request))
    if user_name is not None:
        html = html.replace(MARK_NAME, str(escape(user_name)))
    return with_csrf_cookie(request, HTMLResponse(html))


def render_cached(
    request: Request, db: Session, name: str, build: Callable[[], dict[str, Any]]
) -> HTMLResponse:
    """Render template ``name`` with the context ``build()`` makes, or serve it from the cache.

    Call it only once the user's role has been let in, and only for a page that depends on
    nothing but its path, query string, language, the user's role and stored data.
    """
    cache: PageCache = request.app.state.page_cache
    principal: Principal | None = getattr(request.state, "user", None)
    key = page_key(request, principal.role if principal else None, data_version(db.connection()))
    html = cache.get(key)
    if html is None:
        marked = None
        if principal is not None:
            marked = Principal(principal.id, MARK_NAME, principal.role, principal.organisation_id)
        html = render_html(request, name, build(), user=marked, csrf=MARK_CSRF)
        if _plain_query(request):
            cache.put(key, html)
    return _filled(request, html, principal.name if principal else None)


def _declared_query(route: APIRoute) -> frozenset[str]:
    """The query parameters the route and its dependencies read, and ``lang`` (walked on each
    render, which is rare and costs microseconds: routes cannot be dictionary keys)."""
    names, pending = {"lang"}, [route.dependant]
    while pending:
        dependant = pending.pop()
        names.update(field.alias for field in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(names)


def _plain_query(request: Request) -> bool:
    """Whether the query names only parameters the route reads, each once. Others are answered
    but not kept: the key is the raw query string, and ``?x=1``, ``?x=2`` ... would otherwise
    push every real page out of the cache."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return False
    names = [name for name, _ in request.query_params.multi_items()]
    return len(names) == len(set(names)) and set(names) <= _declared_query(route)


def _early_answer(request: Request) -> HTMLResponse | None:
    """The cached page for this request, if there is one it may be given (module text)."""
    state = request.app.state
    cache: PageCache = state.page_cache
    config = state.config
    token = request.cookies.get(config.session_cookie)
    engine = state.session_factory.kw["bind"]
    # One round trip outside any transaction: on PostgreSQL a BEGIN and a ROLLBACK around
    # two queries cost more server time than the rest of the answer.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if token:
            query = session_lookup(token).add_columns(data_version_query().scalar_subquery())
            row = connection.execute(query).one_or_none()
            peek = peek_from_row(row, policy=config.policy, now=config.clock())
            if peek is None:
                return None
            version: int | None = row[-1] if row is not None else None
        else:
            peek, version = None, data_version(connection)
    html = cache.get(page_key(request, peek.role if peek else None, version), early=True)
    if html is None:
        return None
    if peek is not None:
        request.state.csrf_token = peek.csrf_token
    return _filled(request, html, peek.user_name if peek else None)


class CachedPageMiddleware:
    """Answers GET requests for cached pages before routing (see the module text)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            request = Request(scope)
            cache: PageCache = request.app.state.page_cache
            # One hop to a worker thread for the blocking queries, instead of one per
            # dependency on the full path; none at all for pages never cached.
            response = None
            if cache.holds_path(request.url.path):
                response = await run_in_threadpool(_early_answer, request)
            if response is not None:
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
