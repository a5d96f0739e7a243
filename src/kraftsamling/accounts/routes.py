"""Pages for logging in and out, one's account, password and API tokens; /api/v1/me and users.

The admins' user pages (:mod:`kraftsamling.accounts.admin_pages`) are mounted on ``pages``.

A user who must change their password has only a pending session (see
:mod:`kraftsamling.accounts.service`): other pages send them to the login page, which sends
them on to ``/account/password``, the one page (with logout) that accepts a pending session.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts import admin_pages, service, sessions
from kraftsamling.accounts.confirm import confirm_page, confirmed
from kraftsamling.accounts.models import ApiToken, User, WebSession
from kraftsamling.accounts.schemas import (
    ErrorResponse,
    OrganisationPublic,
    UserAdminView,
    UserPublic,
)
from kraftsamling.accounts.secrets import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from kraftsamling.core.errors import InvalidInput, PermissionDenied
from kraftsamling.web.deps import (
    PAGE_DEPENDENCIES,
    AdminUser,
    ConfigDep,
    CurrentUser,
    Principal,
    RecordId,
    SessionDep,
    WebSessionDep,
    request_id,
)
from kraftsamling.web.errors import AuthenticationRequired
from kraftsamling.web.once import is_current, once_token
from kraftsamling.web.restore import RESTORE_ID, with_restore
from kraftsamling.web.seclog import client_ip, security_event
from kraftsamling.web.templating import error_text, render

pages = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)
api = APIRouter(
    prefix="/api/v1",
    tags=["accounts"],
    responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
)

FormStr = Annotated[str, Form()]
LIMITS = {"min": MIN_PASSWORD_LENGTH, "max": MAX_PASSWORD_LENGTH}


def _safe_next(target: str | None) -> str:
    """Only a local path, so the login form cannot be used to redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _password_page(target: str) -> str:
    return f"/account/password?next={quote(_safe_next(target), safe='')}"


def _pending_session(request: Request, db: SessionDep, config: ConfigDep) -> WebSession | None:
    """The session of a user who must change their password (``None`` for any other)."""
    token = request.cookies.get(config.session_cookie)
    if not token:
        return None
    row = sessions.resolve_session(
        db, token=token, policy=config.policy, clock=config.clock, allow_pending=True
    )
    return row if row is not None and row.user.must_change_password else None


def get_password_session(
    request: Request, db: SessionDep, config: ConfigDep, web_session: WebSessionDep
) -> WebSession:
    """A full session, or a pending one: the password page is the one page that takes both."""
    row = web_session or _pending_session(request, db, config)
    if row is None:
        raise AuthenticationRequired("A valid session is required to change the password.")
    request.state.user = Principal.of(row.user)
    return row


PasswordSession = Annotated[WebSession, Depends(get_password_session)]


def _login_context(next: str, restore: str, expired: bool, **extra: Any) -> dict[str, Any]:
    kept = restore if RESTORE_ID.fullmatch(restore) else ""
    return {
        "next": _safe_next(next), "restore": kept, "expired": expired or bool(kept),
        "error_key": None, "error_params": {}, "email": "", **extra,
    }  # fmt: skip


@pages.get("/login")
def login_form(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    next: str = "/",
    expired: str = "",
    restore: str = "",
) -> Response:
    """The log-in form; after a session ended (``expired``) it says so, and that what was typed
    (``restore``: see :mod:`kraftsamling.web.restore`) comes back after the log-in."""
    if _pending_session(request, db, config) is not None:
        return RedirectResponse(_password_page(next), status_code=303)
    context = _login_context(next, restore, bool(expired))
    return render(request, "accounts/login.html", context)


@pages.post("/login")
def login(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    email: FormStr,
    password: FormStr,
    next: Annotated[str, Form()] = "/",
    restore: Annotated[str, Form()] = "",
) -> Response:
    result = service.authenticate(
        db,
        email=email,
        password=password,
        ip=client_ip(request),
        policy=config.policy,
        clock=config.clock,
        request_id=request_id(request),
    )
    if result.user is None:
        throttled = result.status is service.LoginStatus.THROTTLED
        security_event(request, "login_throttled" if throttled else "login_failed")
        # The address comes back so a typo in the password costs one field; never the password.
        context = _login_context(
            next, restore, False, email=email,
            error_key="accounts.login.throttled" if throttled else "login.failed",
            error_params={"seconds": result.retry_after},
        )  # fmt: skip
        refused = render(
            request, "accounts/login.html", context, status_code=429 if throttled else 401
        )
        if throttled:
            refused.headers["Retry-After"] = str(result.retry_after)
        return refused
    token, _ = sessions.start_session(db, user=result.user, clock=config.clock)
    target = (
        _password_page(next)
        if result.user.must_change_password
        else with_restore(_safe_next(next), restore)
    )
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        config.session_cookie,
        token,
        max_age=int(config.policy.absolute_timeout.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=config.secure_cookies,
        path="/",
    )
    return response


@pages.post("/logout")
def logout(request: Request, db: SessionDep, config: ConfigDep) -> Response:
    token = request.cookies.get(config.session_cookie)
    if token:
        sessions.revoke_session(db, token=token, clock=config.clock, request_id=request_id(request))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(config.session_cookie, path="/", secure=config.secure_cookies)
    return response


def _password_context(row: WebSession, next: str, **extra: Any) -> dict[str, Any]:
    pending = row.user.must_change_password
    return {"limits": LIMITS, "error_key": None, "done": False, "pending": pending,
            "pending_password": pending, "next": _safe_next(next), **extra}  # fmt: skip


@pages.get("/account/password")
def password_form(
    request: Request, row: PasswordSession, next: str = "/", changed: str = ""
) -> Response:
    context = _password_context(row, next, done=bool(changed))
    return render(request, "accounts/password.html", context)


@pages.post("/account/password")
def change_password(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    row: PasswordSession,
    current_password: FormStr,
    new_password: FormStr,
    next: Annotated[str, Form()] = "/",
) -> Response:
    was_pending = row.user.must_change_password
    error_key = None
    try:
        service.change_password(
            db,
            user=row.user,
            current_password=current_password,
            new_password=new_password,
            keep_session_id=row.id,
            policy=config.policy,
            clock=config.clock,
            request_id=request_id(request),
        )
    except PermissionDenied:
        error_key = "password.wrong_current"
    except service.PasswordReused:
        error_key = "accounts.password.reused"
    except InvalidInput:
        error_key = "password.too_short"
    if error_key is None and was_pending:
        # A fresh request, so the page that follows sees a full session and its CSRF token.
        return RedirectResponse(_safe_next(next), status_code=303)
    if error_key is None:  # post/redirect/get: reloading the answer sends nothing again
        target = f"/account/password?changed=1&next={quote(_safe_next(next), safe='')}"
        return RedirectResponse(target, status_code=303)
    context = _password_context(row, next, error_key=error_key)
    return render(request, "accounts/password.html", context, status_code=400)


@pages.get("/account")
def account(request: Request, user: CurrentUser) -> Response:
    return render(request, "accounts/account.html", {"account": user})


def _token_state(tokens: list[ApiToken], user: User) -> tuple[object, ...]:
    """What creating a token changes: the user's newest token (see :mod:`kraftsamling.web.once`)."""
    return ("api-token", user.id, max((t.id for t in tokens), default=0))


def _tokens_page(
    request: Request, db: SessionDep, user: CurrentUser, status_code: int = 200, **extra: Any
) -> Response:
    tokens = service.list_api_tokens(db, user=user)
    context = {
        "tokens": tokens,
        "new_token": None,
        "error": None,
        "notice": None,
        "name": "",
        "max_name": service.MAX_TOKEN_NAME_LENGTH,
        "once": once_token(request, *_token_state(tokens, user)),
        **extra,
    }
    return render(request, "accounts/tokens.html", context, status_code=status_code)


@pages.get("/account/tokens")
def tokens(request: Request, db: SessionDep, user: CurrentUser, repeated: str = "") -> Response:
    notice = "accounts.tokens.repeated" if repeated else None
    return _tokens_page(request, db, user, notice=notice)


@pages.post("/account/tokens")
def create_token(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    user: CurrentUser,
    name: FormStr = "",
    once: FormStr = "",
) -> Response:
    state = _token_state(service.list_api_tokens(db, user=user), user)
    if not is_current(request, once, *state):
        # The form was sent before (a reload of the answer that showed the token): no second one.
        return RedirectResponse("/account/tokens?repeated=1", status_code=303)
    try:
        plain, _ = service.create_api_token(
            db, user=user, name=name, clock=config.clock, request_id=request_id(request)
        )
    except InvalidInput as exc:
        error = error_text(request, exc)
        return _tokens_page(request, db, user, status_code=422, error=error, name=name)
    # Answered directly, not redirected: the token is shown once and is stored nowhere in clear.
    # A reload sends the form again with a once token that no longer matches (see above).
    return _tokens_page(request, db, user, new_token=plain)


@pages.get("/account/tokens/{token_id}/revoke")
def revoke_token_confirm(
    request: Request, db: SessionDep, user: CurrentUser, token_id: RecordId
) -> Response:
    """What revoking does, and the form that does it: revoking is never one click."""
    token = service.get_api_token(db, user=user, token_id=token_id)
    return confirm_page(
        request, name="revoke", action=f"/account/tokens/{token.id}/revoke",
        back="/account/tokens", subject={"name": token.name, "prefix": token.prefix},
    )  # fmt: skip


@pages.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    user: CurrentUser,
    token_id: RecordId,
    confirm: FormStr = "",
) -> Response:
    if not confirmed(confirm):
        service.get_api_token(db, user=user, token_id=token_id)  # another's token stays hidden
        return RedirectResponse(f"/account/tokens/{token_id}/revoke", status_code=303)
    service.revoke_api_token(
        db, user=user, token_id=token_id, clock=config.clock, request_id=request_id(request)
    )
    return RedirectResponse("/account/tokens", status_code=303)


@api.get("/me", response_model=UserPublic)
def me(user: CurrentUser) -> UserPublic:
    """The account the bearer token belongs to."""
    return UserPublic.model_validate(user)


@api.get("/organisations", response_model=list[OrganisationPublic])
def api_organisations(db: SessionDep, user: CurrentUser) -> list[OrganisationPublic]:
    """Every organisation (the city office, committees, companies, decision bodies, partners)."""
    return [OrganisationPublic.model_validate(o) for o in service.list_organisations(db)]


@api.get("/users", response_model=list[UserAdminView])
def api_users(db: SessionDep, user: AdminUser) -> list[UserAdminView]:
    """Every account with its organisation and state (admins only)."""
    return [UserAdminView.model_validate(u) for u in service.list_users(db)]


# The admins' user pages share this router, and so its CSRF check.
pages.include_router(admin_pages.router)
