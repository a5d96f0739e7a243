"""Jinja2 rendering with the layout's shared context: language, user and CSRF token."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from starlette.requests import Request
from starlette.responses import HTMLResponse

from kraftsamling.accounts.secrets import new_token
from kraftsamling.core.formatting import (
    format_date,
    format_local_time,
    format_number,
    format_percent,
)
from kraftsamling.web.i18n import DEFAULT_LANGUAGE, describe_error, translate

PACKAGE = Path(__file__).resolve().parent.parent
# Each capability keeps its templates in <capability>/templates/<capability>/.
TEMPLATE_DIRS: tuple[Path, ...] = (
    PACKAGE / "web" / "templates",
    PACKAGE / "accounts" / "templates",
    PACKAGE / "areas" / "templates",
    PACKAGE / "runs" / "templates",
    PACKAGE / "targeting" / "templates",
    PACKAGE / "funds" / "templates",
    PACKAGE / "admin" / "templates",
)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(p) for p in TEMPLATE_DIRS]),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
    )
    env.filters["date"] = format_date
    # 0,998 and 12 345 on Swedish pages, 0.998 and 12,345 on English ones.
    env.filters["num"] = in_page_language(format_number)
    env.filters["percent"] = in_page_language(format_percent)
    env.filters["localtime"] = format_local_time  # 2026-02-02 10:00, Swedish time
    return env


def in_page_language(func: Callable[..., str]) -> Callable[..., str]:
    """``func`` for templates: Jinja passes the page's context, whose ``lang`` goes to ``func``."""

    @pass_context
    @wraps(func)
    def call(context: Context, *args: Any, **kwargs: Any) -> str:
        return func(*args, lang=context.get("lang", DEFAULT_LANGUAGE), **kwargs)

    return call


def csrf_token(request: Request) -> str:
    """The token forms must echo: the session's when logged in, else the anonymous cookie's."""
    session_token = getattr(request.state, "csrf_token", None)
    if session_token is not None:
        return str(session_token)
    existing = getattr(request.state, "new_csrf_cookie", None)
    if existing is None:
        cookie = request.cookies.get(request.app.state.config.csrf_cookie)
        if cookie:
            return cookie
        existing = request.state.new_csrf_cookie = new_token()
    return str(existing)


def page_language(request: Request) -> str:
    """The language the middleware chose for this request."""
    lang: str = getattr(request.state, "lang", DEFAULT_LANGUAGE)
    return lang


def error_text(request: Request, error: Exception) -> str:
    """What went wrong, in the page's language (see :func:`describe_error`)."""
    return describe_error(page_language(request), error)


def other_language_url(request: Request, lang: str) -> str:
    """This page in the other language, with its query string (sorting, filters) kept.

    A page answering a form (a POST) cannot be fetched again by a link: its link goes to the
    start page instead.
    """
    other = "sv" if lang == "en" else "en"
    if request.method != "GET":
        return f"/?lang={other}"
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    # Relative to the page itself: a path such as //elsewhere.example/x must not become a link
    # to another host.
    return "?" + urlencode([*query, ("lang", other)])


def render_html(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    user: Any = None,
    csrf: str | None = None,
) -> str:
    """Template ``name`` rendered inside the layout for the request's language and user.

    ``user`` and ``csrf`` replace the request's own (the page cache renders markers there).
    """
    lang = page_language(request)

    def t(key: str, **params: object) -> str:
        return translate(lang, key, **params)

    full = {
        "request": request,
        "lang": lang,
        "t": t,
        "user": user if user is not None else getattr(request.state, "user", None),
        "csrf_token": csrf if csrf is not None else csrf_token(request),
        "path": request.url.path,
        "other_language_url": other_language_url(request, lang),
        **(context or {}),
    }
    return environment().get_template(name).render(full)


def with_csrf_cookie(request: Request, response: HTMLResponse) -> HTMLResponse:
    """Set the anonymous CSRF cookie on ``response`` when this request made a new one."""
    new_cookie = getattr(request.state, "new_csrf_cookie", None)
    if new_cookie is not None:
        config = request.app.state.config
        response.set_cookie(
            config.csrf_cookie,
            new_cookie,
            httponly=True,
            samesite="lax",
            secure=config.secure_cookies,
            path="/",
        )
    return response


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render ``name`` inside the layout; sets the anonymous CSRF cookie when it is new.

    A page asked for with ``?restore=`` gets its form filled in again with what was typed
    before the session ended (:mod:`kraftsamling.web.restore`).
    """
    html = render_html(request, name, context)
    if "restore" in request.query_params:
        from kraftsamling.web.restore import restore_page

        html = restore_page(request, html, page_language(request))
    return with_csrf_cookie(request, HTMLResponse(html, status_code=status_code))
