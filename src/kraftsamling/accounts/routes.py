"""Pages for logging in and out, password change, API tokens and user administration; /api/v1/me."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts import service
from kraftsamling.accounts.roles import Role
from kraftsamling.accounts.schemas import ErrorResponse, UserPublic
from kraftsamling.accounts.secrets import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from kraftsamling.accounts.service import actor_of
from kraftsamling.core.errors import InvalidInput, PermissionDenied
from kraftsamling.web.deps import (
    PAGE_DEPENDENCIES,
    AdminUser,
    ConfigDep,
    CurrentUser,
    SessionDep,
    WebSessionDep,
)
from kraftsamling.web.seclog import client_ip, security_event
from kraftsamling.web.templating import render

pages = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)
api = APIRouter(
    prefix="/api/v1",
    tags=["accounts"],
    responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
)

FormStr = Annotated[str, Form()]
LIMITS = {"min": MIN_PASSWORD_LENGTH, "max": MAX_PASSWORD_LENGTH}


def _rid(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def _safe_next(target: str | None) -> str:
    """Only a local path, so the login form cannot be used to redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@pages.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "accounts/login.html", {"next": _safe_next(next), "error_key": None})


@pages.post("/login")
def login(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    email: FormStr,
    password: FormStr,
    next: Annotated[str, Form()] = "/",
) -> Response:
    result = service.authenticate(
        db,
        email=email,
        password=password,
        ip=client_ip(request),
        policy=config.policy,
        clock=config.clock,
        request_id=_rid(request),
    )
    if result.user is None:
        throttled = result.status is service.LoginStatus.THROTTLED
        security_event(request, "login_throttled" if throttled else "login_failed")
        context = {"next": _safe_next(next), "error_key": f"login.{result.status.value}"}
        return render(
            request, "accounts/login.html", context, status_code=429 if throttled else 401
        )
    token, _ = service.start_session(db, user=result.user, clock=config.clock)
    response = RedirectResponse(_safe_next(next), status_code=303)
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
        service.revoke_session(db, token=token, clock=config.clock, request_id=_rid(request))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(config.session_cookie, path="/", secure=config.secure_cookies)
    return response


@pages.get("/account/password")
def password_form(request: Request, user: CurrentUser) -> Response:
    return render(
        request, "accounts/password.html", {"limits": LIMITS, "error_key": None, "done": False}
    )


@pages.post("/account/password")
def change_password(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    user: CurrentUser,
    web_session: WebSessionDep,
    current_password: FormStr,
    new_password: FormStr,
) -> Response:
    error_key = None
    try:
        service.change_password(
            db,
            user=user,
            current_password=current_password,
            new_password=new_password,
            keep_session_id=web_session.id if web_session else None,
            policy=config.policy,
            clock=config.clock,
            request_id=_rid(request),
        )
    except PermissionDenied:
        error_key = "password.wrong_current"
    except InvalidInput:
        error_key = "password.too_short"
    context = {"limits": LIMITS, "error_key": error_key, "done": error_key is None}
    return render(request, "accounts/password.html", context, status_code=400 if error_key else 200)


def _tokens_page(request: Request, db: SessionDep, user: CurrentUser, **extra: Any) -> Response:
    context = {"tokens": service.list_api_tokens(db, user=user), "new_token": None, **extra}
    return render(request, "accounts/tokens.html", context)


@pages.get("/account/tokens")
def tokens(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    return _tokens_page(request, db, user)


@pages.post("/account/tokens")
def create_token(
    request: Request, db: SessionDep, config: ConfigDep, user: CurrentUser, name: FormStr
) -> Response:
    plain, _ = service.create_api_token(
        db, user=user, name=name, clock=config.clock, request_id=_rid(request)
    )
    return _tokens_page(request, db, user, new_token=plain)


@pages.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, db: SessionDep, config: ConfigDep, user: CurrentUser, token_id: int
) -> Response:
    service.revoke_api_token(
        db, user=user, token_id=token_id, clock=config.clock, request_id=_rid(request)
    )
    return RedirectResponse("/account/tokens", status_code=303)


def _users_page(request: Request, db: SessionDep, status_code: int = 200, **extra: Any) -> Response:
    context = {
        "users": service.list_users(db),
        "organisations": service.list_organisations(db),
        "roles": list(Role),
        "limits": LIMITS,
        "notice": None,
        "error": None,
        **extra,
    }
    return render(request, "accounts/admin_users.html", context, status_code=status_code)


@pages.get("/admin/users")
def admin_users(request: Request, db: SessionDep, admin: AdminUser) -> Response:
    return _users_page(request, db)


@pages.post("/admin/users")
def admin_create_user(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    admin: AdminUser,
    email: FormStr,
    name: FormStr,
    organisation: FormStr,
    role: FormStr,
    password: FormStr,
) -> Response:
    try:
        user = service.create_user(
            db,
            email=email,
            name=name,
            organisation_code=organisation,
            role=role,
            password=password,
            policy=config.policy,
            clock=config.clock,
            by=actor_of(admin),
            request_id=_rid(request),
        )
    except InvalidInput as exc:
        return _users_page(request, db, status_code=422, error=str(exc))
    return _users_page(request, db, notice=("admin.users.created", {"email": user.email}))


@pages.post("/admin/users/{user_id}/password")
def admin_reset_password(
    request: Request, db: SessionDep, config: ConfigDep, admin: AdminUser, user_id: int
) -> Response:
    password = service.reset_password(
        db,
        user_id=user_id,
        policy=config.policy,
        clock=config.clock,
        by=actor_of(admin),
        request_id=_rid(request),
    )
    email = service.get_user(db, user_id).email
    notice = ("admin.users.reset_done", {"email": email, "password": password})
    return _users_page(request, db, notice=notice)


@api.get("/me", response_model=UserPublic)
def me(user: CurrentUser) -> UserPublic:
    """The account the bearer token belongs to."""
    return UserPublic.model_validate(user)
