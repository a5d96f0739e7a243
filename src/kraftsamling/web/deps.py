"""FastAPI dependencies as typed aliases: the database session, the current user, roles, CSRF.

Pages authenticate with the server-side session cookie; ``/api/`` authenticates only with an
``Authorization: Bearer`` token, so the API needs no CSRF token and pages need no bearer token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy.orm import Session
from starlette.requests import Request

from kraftsamling.accounts import service, sessions
from kraftsamling.accounts.models import User, WebSession
from kraftsamling.accounts.roles import Role
from kraftsamling.accounts.secrets import tokens_equal
from kraftsamling.web.config import WebConfig
from kraftsamling.web.errors import AuthenticationRequired, CsrfRefused, SessionEnded, is_api
from kraftsamling.web.restore import form_page, keep_draft
from kraftsamling.web.seclog import security_event

# The largest id a stored object can have: integer keys are 32-bit on PostgreSQL. A larger one
# in a path is answered 404 before any query (SQLite cannot even bind it).
MAX_RECORD_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The only pages a user who must change their password may use.
PASSWORD_CHANGE_PATHS = frozenset({"/login", "/logout", "/account/password"})


@dataclass(frozen=True)
class Principal:
    """Who is making the request, copied out of the ORM so that error pages and logs rendered
    after the database session has closed can still name them."""

    id: int
    name: str
    role: str
    organisation_id: int

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(user.id, user.name, user.role, user.organisation_id)


def request_id(request: Request) -> str | None:
    """The id the middleware gave this request, for audit entries and logs."""
    rid: str | None = getattr(request.state, "request_id", None)
    return rid


def get_db(request: Request) -> Iterator[Session]:
    """One database session per request: committed when the handler returns, else rolled back."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# "function": committed when the handler returns, before the answer is sent. By default FastAPI
# ends a yield dependency after sending, so a browser could follow a log-in's redirect before
# its session was stored, and a failed commit would go unseen behind a page saying "saved".
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def get_config(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.config
    return config


ConfigDep = Annotated[WebConfig, Depends(get_config)]


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def get_web_session(request: Request, db: SessionDep, config: ConfigDep) -> WebSession | None:
    """The live server-side session of a page request (``None`` on ``/api/`` or when absent)."""
    if is_api(request):
        return None
    token = request.cookies.get(config.session_cookie)
    if not token:
        return None
    row = sessions.resolve_session(db, token=token, policy=config.policy, clock=config.clock)
    if row is None and request.url.path not in PASSWORD_CHANGE_PATHS:
        pending = sessions.resolve_session(
            db, token=token, policy=config.policy, clock=config.clock, allow_pending=True
        )
        if pending is not None:  # must change the password first; /login forwards there
            raise AuthenticationRequired("The password must be changed first.")
    if row is not None:
        request.state.csrf_token = row.csrf_token
        request.state.user = Principal.of(row.user)
    return row


WebSessionDep = Annotated[WebSession | None, Depends(get_web_session)]


def get_optional_user(
    request: Request, db: SessionDep, config: ConfigDep, web_session: WebSessionDep
) -> User | None:
    """The user behind the request's session cookie (pages) or bearer token (API), if any."""
    if not is_api(request):
        return web_session.user if web_session else None
    token = _bearer(request)
    user = service.resolve_api_token(db, plain=token, clock=config.clock) if token else None
    request.state.user = Principal.of(user) if user else None
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


def get_current_user(user: OptionalUser) -> User:
    if user is None:
        raise AuthenticationRequired("A valid session or bearer token is required.")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets through only users with one of ``roles``."""
    allowed = frozenset(roles)

    def check(user: CurrentUser) -> User:
        if user.role_enum not in allowed:
            from kraftsamling.core.errors import PermissionDenied

            names = ", ".join(sorted(r.value for r in allowed))
            raise PermissionDenied(
                f"This needs one of the roles {names}; the user is {user.role!r}."
            )
        return user

    return check


AdminUser = Annotated[User, Depends(require_role(Role.ADMIN))]
WriterUser = Annotated[User, Depends(require_role(Role.ADMIN, Role.COORDINATOR, Role.OFFICER))]


async def verify_csrf(
    request: Request, db: SessionDep, web_session: WebSessionDep, config: ConfigDep
) -> None:
    """Refuse a state-changing page request whose form lacks the expected CSRF token.

    Logged in: the synchroniser token stored with the session. Anonymous (the login form): the
    double-submit value of the CSRF cookie, which another site can neither read nor set.
    A form from a page of a session that has since ended is no forgery: it raises
    ``SessionEnded``, with its typed fields kept for after the log-in.
    """
    if request.method not in UNSAFE_METHODS:
        return
    form = await request.form()
    sent = form.get("csrf_token")
    expected = web_session.csrf_token if web_session else request.cookies.get(config.csrf_cookie)
    if isinstance(sent, str) and expected and tokens_equal(sent, expected):
        return
    if web_session is None and isinstance(sent, str) and request.url.path != "/login":
        cookie = request.cookies.get(config.session_cookie)
        ended = sessions.ended_session(db, cookie=cookie, csrf=sent)
        if ended is not None:
            kept = None if request.url.path == "/logout" else keep_draft(
                request, form, user_id=ended.user_id
            )  # fmt: skip
            raise SessionEnded(
                "The form came from a session that has ended.", back=form_page(request),
                restore=kept,
            )  # fmt: skip
    security_event(request, "csrf_refused", authenticated=web_session is not None)
    raise CsrfRefused("The form's CSRF token is missing or does not match this session.")


# Added to every page router, so no form can be declared without the check.
PAGE_DEPENDENCIES = [Depends(verify_csrf)]
