"""One place turns errors into responses: an HTML page for people, one JSON shape for the API.

    AuthenticationRequired (PermissionDenied)  no valid session or bearer token was presented
      SessionEnded                             a form came from a page whose session has ended
    CsrfRefused (PermissionDenied)             a form arrived without the right CSRF token

The JSON shape, for every error under ``/api/``: ``{"error": {"code": ..., "message": ...}}``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts.service import PasswordChangeRequired
from kraftsamling.core.errors import (
    BudgetExceeded,
    Conflict,
    InvalidInput,
    KraftsamlingError,
    NotFound,
    PermissionDenied,
    SourceUnavailable,
)
from kraftsamling.web.i18n import translate
from kraftsamling.web.seclog import security_event
from kraftsamling.web.templating import error_text, page_language, render

log = logging.getLogger(__name__)


class AuthenticationRequired(PermissionDenied):
    """Raised when a page or endpoint needs a logged-in user and none is present."""


class SessionEnded(AuthenticationRequired):
    """Raised when a form was posted from a page of a session that has since ended.

    ``back`` is the page the form was on; ``restore`` the id under which its typed fields
    were kept (:mod:`kraftsamling.web.restore`), if any.
    """

    def __init__(self, message: str, *, back: str, restore: str | None) -> None:
        super().__init__(message)
        self.back = back
        self.restore = restore


class CsrfRefused(PermissionDenied):
    """Raised when a state-changing form lacks the CSRF token of its session or cookie."""


# (exception class, HTTP status, API code, catalogue key); the first match wins.
_DOMAIN: tuple[tuple[type[KraftsamlingError], int, str, str], ...] = (
    (AuthenticationRequired, 401, "unauthenticated", "error.unauthenticated"),
    (CsrfRefused, 403, "csrf_failed", "error.csrf"),
    (PasswordChangeRequired, 403, "password_change_required", "error.forbidden"),
    (PermissionDenied, 403, "forbidden", "error.forbidden"),
    (NotFound, 404, "not_found", "error.not_found"),
    (InvalidInput, 422, "invalid_input", "error.invalid_input"),
    (BudgetExceeded, 409, "budget_exceeded", "error.conflict"),
    (Conflict, 409, "conflict", "error.conflict"),
    (SourceUnavailable, 503, "source_unavailable", "error.unavailable"),
    (KraftsamlingError, 400, "bad_request", "error.bad_request"),
)
_HTTP: dict[int, tuple[str, str]] = {
    401: ("unauthenticated", "error.unauthenticated"),
    403: ("forbidden", "error.forbidden"),
    404: ("not_found", "error.not_found"),
    405: ("method_not_allowed", "error.method_not_allowed"),
    422: ("invalid_input", "error.invalid_input"),
    429: ("too_many_requests", "error.too_many"),
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    """The one JSON error shape of ``/api/v1``."""
    return {"error": {"code": code, "message": message}}


def login_url(request: Request, target: str, *, restore: str | None = None) -> str:
    """The log-in page that leads on to ``target``; it says the session ended when the request
    still carried a session cookie (a live session would have let it through)."""
    query = {"next": target}
    if request.cookies.get(request.app.state.config.session_cookie):
        query["expired"] = "1"
    if restore:
        query["restore"] = restore
    return "/login?" + urlencode(query, quote_via=quote)


def _session_ended(request: Request, exc: SessionEnded) -> Response:
    security_event(request, "session_ended_form", kept=exc.restore is not None)
    target = "/login?" + urlencode(
        {"next": exc.back, "expired": "1", **({"restore": exc.restore} if exc.restore else {})},
        quote_via=quote,
    )
    return RedirectResponse(target, status_code=303)


def _respond(request: Request, status: int, code: str, key: str, detail: str | None) -> Response:
    if status in (401, 403):
        user = getattr(request.state, "user", None)
        security_event(
            request, "request_denied", status=status, code=code, user_id=user and user.id
        )
    if is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(error_body(code, detail or code), status_code=status, headers=headers)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(login_url(request, target), status_code=303)
    context = {"message_key": key, "detail": detail, "status": status}
    return render(request, "error.html", context, status_code=status)


def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KraftsamlingError)
    if isinstance(exc, SessionEnded) and not is_api(request):
        return _session_ended(request, exc)
    for cls, status, code, key in _DOMAIN:
        if isinstance(exc, cls):
            # Only input errors carry a detail people can act on in the page itself.
            shown = None
            if is_api(request):
                shown = str(exc)
            elif isinstance(exc, InvalidInput | NotFound | BudgetExceeded | Conflict):
                shown = error_text(request, exc)
            return _respond(request, status, code, key, shown)
    raise AssertionError("unreachable: KraftsamlingError is the last entry")  # pragma: no cover


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, key = _HTTP.get(exc.status_code, (f"http_{exc.status_code}", "error.bad_request"))
    # Starlette's own details ("Not Found") are English and add nothing to the heading.
    return _respond(
        request, exc.status_code, code, key, str(exc.detail) if is_api(request) else None
    )


# Pydantic's error types, as texts of the catalogue (``error.field.<type>``).
_FIELD_ERRORS = {
    "missing": "missing",
    "int_parsing": "int", "int_type": "int", "int_from_float": "int",
    "float_parsing": "number", "float_type": "number", "decimal_parsing": "number",
    "less_than_equal": "le", "greater_than_equal": "ge", "less_than": "lt", "greater_than": "gt",
    "string_too_long": "too_long", "string_too_short": "too_short",
    "date_parsing": "date", "date_from_datetime_parsing": "date", "date_type": "date",
    "bool_parsing": "choice", "literal_error": "choice", "enum": "choice",
}  # fmt: skip


def _field_problem(lang: str, err: dict[str, Any]) -> str:
    field = str(err.get("loc", ("", "?"))[-1])
    kind = _FIELD_ERRORS.get(str(err.get("type")), "other")
    context = {k: str(v) for k, v in (err.get("ctx") or {}).items()}  # dates, decimals too
    return (
        translate(lang, "error.field", field=field)
        + " "
        + translate(lang, f"error.field.{kind}", **context)
    )


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(err.get("loc", ("",))[0] == "path" for err in errors):
        # A path that names no possible object (an id that is not a number, or too large to
        # be one) is a page that does not exist.
        detail = "No such object: the path does not name one." if is_api(request) else None
        return _respond(request, 404, "not_found", "error.not_found", detail)
    if is_api(request):
        parts = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in errors
        ]
        return _respond(request, 422, "invalid_input", "error.invalid_input", "; ".join(parts))
    lang = page_language(request)
    detail = "; ".join(_field_problem(lang, err) for err in errors)
    return _respond(request, 422, "invalid_input", "error.invalid_input", detail)


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    from kraftsamling.web.security import apply_security_headers

    if is_api(request):
        response: Response = JSONResponse(
            error_body("internal_error", "An unexpected error occurred."), status_code=500
        )
    else:
        context = {"message_key": "error.internal", "status": 500, "detail": None}
        response = render(request, "error.html", context, 500)
    apply_security_headers(request, response)
    return response


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(KraftsamlingError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
