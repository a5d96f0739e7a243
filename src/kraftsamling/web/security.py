"""Middleware run on every request: request id, language choice and security headers."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.web.i18n import LANGUAGES, choose_language

# No inline script or style anywhere, so 'self' alone suffices; data: images for small icons.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def apply_security_headers(request: Request, response: Response) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.app.state.config.secure_cookies:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if not request.url.path.startswith("/static/"):
        # Internal pages must not linger in shared caches or the back-button cache.
        headers.setdefault("Cache-Control", "no-store")
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        headers.setdefault("X-Request-ID", request_id)


async def _middleware(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    request.state.request_id = uuid.uuid4().hex
    config = request.app.state.config
    asked = request.query_params.get("lang")
    request.state.lang = choose_language(asked, request.cookies.get(config.language_cookie))
    response = await call_next(request)
    if asked in LANGUAGES:
        response.set_cookie(
            config.language_cookie,
            asked,
            max_age=365 * 24 * 3600,
            samesite="lax",
            secure=config.secure_cookies,
            path="/",
        )
    apply_security_headers(request, response)
    return response


def install_middleware(app: FastAPI) -> None:
    app.middleware("http")(_middleware)
