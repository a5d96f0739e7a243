"""Middleware run on every request: request id, language choice and security headers."""

from __future__ import annotations

import random
from http.cookies import SimpleCookie

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kraftsamling.web.i18n import LANGUAGES, choose_language
from kraftsamling.web.page_cache import CachedPageMiddleware

_ids = random.Random()

# No inline script or style anywhere, so 'self' alone suffices; data: images for small icons.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _security_headers(
    headers: MutableHeaders, *, path: str, secure: bool, request_id: str | None
) -> None:
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if not path.startswith("/static/"):
        # Internal pages must not linger in shared caches or the back-button cache.
        headers.setdefault("Cache-Control", "no-store")
    if request_id:
        headers.setdefault("X-Request-ID", request_id)


def apply_security_headers(request: Request, response: Response) -> None:
    """The headers of every response, for responses made outside the middleware (errors)."""
    _security_headers(
        response.headers, path=request.url.path,
        secure=request.app.state.config.secure_cookies,
        request_id=getattr(request.state, "request_id", None),
    )  # fmt: skip


def _language_cookie(name: str, value: str, *, secure: bool) -> str:
    cookie: SimpleCookie = SimpleCookie()
    cookie[name] = value
    morsel = cookie[name]
    morsel["max-age"] = 365 * 24 * 3600
    morsel["path"] = "/"
    morsel["samesite"] = "lax"
    if secure:
        morsel["secure"] = True
    return morsel.OutputString()


class RequestMiddleware:
    """Request id, language choice and security headers, as plain ASGI middleware.

    Plain ASGI rather than ``@app.middleware("http")``: the latter wraps every response in
    a stream and a task, which cost more than the rest of a cached page's answer.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)  # its state is the scope's, shared with the handlers
        # Only has to tell log lines apart, so no cryptographic randomness is needed.
        request_id = f"{_ids.getrandbits(128):032x}"
        request.state.request_id = request_id
        config = scope["app"].state.config
        asked = request.query_params.get("lang")
        request.state.lang = choose_language(asked, request.cookies.get(config.language_cookie))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                secure = config.secure_cookies
                _security_headers(headers, path=scope["path"], secure=secure,
                                  request_id=request_id)  # fmt: skip
                if asked in LANGUAGES:
                    cookie = _language_cookie(config.language_cookie, asked, secure=secure)
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_middleware(app: FastAPI) -> None:
    # The last one added runs first: cached pages get the request id, language and headers too.
    app.add_middleware(CachedPageMiddleware)
    app.add_middleware(RequestMiddleware)
