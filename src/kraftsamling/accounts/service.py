"""Account use cases: users, logins, password changes and API tokens (sessions: ``sessions``).

Each function works inside the caller's SQLAlchemy session and only flushes; the caller (a web
request or a CLI command) commits once, so one use case is one transaction.

A user whose password was set by someone else (an admin's reset, or an account an admin
created) has ``must_change_password`` set. Their login opens a *pending* session, which only the
password page accepts (:func:`kraftsamling.accounts.sessions.resolve_session` with
``allow_pending``); every other page treats them as logged out, and their API tokens are
refused, until they choose their own password.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import ApiToken, LoginFailure, Organisation, User, actor_of
from kraftsamling.accounts.roles import (
    OrganisationKind,
    Role,
    check_role_fits_organisation,
    parse_role,
)
from kraftsamling.accounts.secrets import (
    API_TOKEN_PREFIX,
    AuthPolicy,
    Clock,
    as_utc,
    check_password_rules,
    hash_password,
    new_token,
    sha256_hex,
    verify_password,
)
from kraftsamling.accounts.sessions import needs_touch, revoke_all_sessions
from kraftsamling.accounts.throttle import wait_seconds
from kraftsamling.core import audit
from kraftsamling.core.audit import Action, Actor
from kraftsamling.core.errors import InvalidInput, NotFound, PermissionDenied

# Verified against when the e-mail is unknown, so both cases take the same time.
_DUMMY_PASSWORD = "not-a-real-password-only-for-timing"
# Secrets never enter the audit trail, not even hashed.
_USER_SECRETS = ("password_hash",)
_TOKEN_SECRETS = ("token_hash",)
# A failed login for an unknown address records no address: people type passwords there too.
UNKNOWN = Actor(None, "unknown")
# The column sizes of users.email, users.name and api_tokens.name.
MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 200
MAX_TOKEN_NAME_LENGTH = 100


class PasswordChangeRequired(PermissionDenied):
    """Raised when an API token's owner must change their password before using the API."""


class PasswordReused(InvalidInput):
    """Raised when a temporary password is "changed" to itself."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_organisation(session: Session, code: str) -> Organisation:
    """The organisation with ``code``; raises ``NotFound`` listing the known codes."""
    org = session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        known = ", ".join(session.scalars(select(Organisation.code).order_by(Organisation.code)))
        raise NotFound(f"No organisation with code {code!r}; known codes: {known or 'none'}.")
    return org


def list_organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name_sv)))


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user with id {user_id}.")
    return user


def check_user_fields(address: str, name: str) -> None:
    """Refuse an e-mail address or a name that cannot be stored as given (column sizes)."""
    if "@" not in address:
        raise InvalidInput(
            f"An e-mail address like name@example.se is expected; got {address[:80]!r}.",
            key="accounts.users.error.email",
        )
    if len(address) > MAX_EMAIL_LENGTH:
        raise InvalidInput(
            f"An e-mail address may have at most {MAX_EMAIL_LENGTH} characters; "
            f"got {len(address)}.",
            key="accounts.users.error.email_long",
            max=MAX_EMAIL_LENGTH,
            length=len(address),
        )
    label = name.strip()
    if not label:
        raise InvalidInput(
            "A user needs a name; got an empty one.", key="accounts.users.error.name"
        )
    if len(label) > MAX_NAME_LENGTH:
        raise InvalidInput(
            f"A user's name may have at most {MAX_NAME_LENGTH} characters; got {len(label)}.",
            key="accounts.users.error.name_long",
            max=MAX_NAME_LENGTH,
            length=len(label),
        )


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    organisation_code: str,
    role: str,
    password: str,
    policy: AuthPolicy,
    clock: Clock,
    by: Actor,
    request_id: str | None = None,
    must_change_password: bool = False,
) -> User:
    """Create an account; the e-mail must be new and the role must fit the organisation.

    ``must_change_password`` marks ``password`` as temporary: the user must replace it first.
    """
    address = normalise_email(email)
    check_user_fields(address, name)
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise InvalidInput(
            f"A user with e-mail {address!r} already exists.",
            key="accounts.users.error.exists",
            email=address,
        )
    try:
        org = get_organisation(session, organisation_code)
    except NotFound as exc:
        # The organisation is one of the form's inputs here, so an unknown one is bad input.
        raise InvalidInput(
            str(exc), key="accounts.users.error.organisation", code=organisation_code[:40]
        ) from None
    parsed = parse_role(role)
    check_role_fits_organisation(parsed, OrganisationKind(org.kind))
    check_password_rules(password)
    now = clock()
    user = User(
        email=address,
        name=name.strip(),
        organisation=org,
        role=parsed.value,
        password_hash=hash_password(policy.hasher(), password),
        active=True,
        created_at=now,
        password_changed_at=now,
        must_change_password=must_change_password,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=by,
        action=Action.CREATE,
        object_type="user",
        object_id=user.id,
        after=audit.snapshot(user, exclude=_USER_SECRETS),
        request_id=request_id,
        clock=clock,
    )
    return user


class LoginStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class LoginResult:
    status: LoginStatus
    user: User | None = None
    retry_after: int = 0  # seconds to wait, when throttled


def _failure_key(email: str, ip: str) -> str:
    return sha256_hex(f"{normalise_email(email)}|{ip}")


def _unlock_key(email: str) -> str:
    # An admin's unlock is kept in the same table as a row under this key: the failure keys
    # hash the address in, so the failures of one e-mail cannot be found to delete them.
    return sha256_hex(f"unlock|{normalise_email(email)}")


def login_wait(
    session: Session, *, email: str, ip: str, policy: AuthPolicy, now: dt.datetime
) -> int:
    """Seconds before a log-in for ``email`` from ``ip`` may be checked (see
    :mod:`kraftsamling.accounts.throttle`); failures before an admin's unlock do not count."""
    since = now - policy.failure_window
    unlocked = session.scalar(
        select(func.max(LoginFailure.at)).where(LoginFailure.key_hash == _unlock_key(email))
    )
    if unlocked is not None:
        since = max(since, as_utc(unlocked))
    count, last = session.execute(
        select(func.count(LoginFailure.id), func.max(LoginFailure.at)).where(
            LoginFailure.key_hash == _failure_key(email, ip), LoginFailure.at > since
        )
    ).one()
    last_at = as_utc(last) if last is not None else None
    return wait_seconds(int(count or 0), last_at, now, policy.max_failures)


def unlock_login(
    session: Session, *, user_id: int, by: Actor, clock: Clock, request_id: str | None = None
) -> User:
    """Lift the log-in delay of ``user_id`` from every address (audited as ``login_unlock``)."""
    user = get_user(session, user_id)
    now = clock()
    session.add(LoginFailure(key_hash=_unlock_key(user.email), at=now))
    session.flush()
    audit.record(
        session, actor=by, action="login_unlock", object_type="user", object_id=user.id,
        after={"login_unlocked_at": now}, request_id=request_id, clock=clock,
    )  # fmt: skip
    return user


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    ip: str,
    policy: AuthPolicy,
    clock: Clock,
    request_id: str | None = None,
) -> LoginResult:
    """Check a login; records failures, and after ``policy.max_failures`` of them makes every
    attempt wait an increasing, capped delay (:mod:`kraftsamling.accounts.throttle`).

    Returns a result instead of raising, so the caller commits the recorded failure.
    """
    now = clock()
    wait = login_wait(session, email=email, ip=ip, policy=policy, now=now)
    if wait:
        return LoginResult(LoginStatus.THROTTLED, retry_after=wait)
    hasher = policy.hasher()
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        verify_password(hasher, hash_password(hasher, _DUMMY_PASSWORD), password)
        ok = False
    else:
        ok = verify_password(hasher, user.password_hash, password)
    if not ok or user is None or not user.active:
        session.add(LoginFailure(key_hash=_failure_key(email, ip), at=now))
        session.flush()
        who = actor_of(user) if user is not None and user.active else UNKNOWN
        audit.record(
            session,
            actor=who,
            action=Action.LOGIN_FAILED,
            object_type="user",
            object_id=who.id,
            request_id=request_id,
            clock=clock,
        )
        return LoginResult(LoginStatus.FAILED)
    session.execute(delete(LoginFailure).where(LoginFailure.key_hash == _failure_key(email, ip)))
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(hasher, password)
    audit.record(
        session,
        actor=actor_of(user),
        action=Action.LOGIN,
        object_type="user",
        object_id=user.id,
        request_id=request_id,
        clock=clock,
    )
    return LoginResult(LoginStatus.OK, user)


def revoke_all_api_tokens(session: Session, user: User, now: dt.datetime) -> int:
    """Revoke every unrevoked API token of ``user``; returns how many were revoked."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    rows = session.scalars(query).all()
    for row in rows:
        row.revoked_at = now
    return len(rows)


def change_password(
    session: Session,
    *,
    user: User,
    current_password: str,
    new_password: str,
    keep_session_id: int | None,
    policy: AuthPolicy,
    clock: Clock,
    request_id: str | None = None,
) -> None:
    """Change one's own password; the other sessions of the user are revoked.

    A temporary password (``must_change_password``) must be replaced by a different one.
    """
    hasher = policy.hasher()
    if not verify_password(hasher, user.password_hash, current_password):
        raise PermissionDenied("The current password given does not match the account's password.")
    check_password_rules(new_password)
    if user.must_change_password and new_password == current_password:
        raise PasswordReused(
            "The new password must differ from the temporary one; got the same password."
        )
    now = clock()
    user.password_hash = hash_password(hasher, new_password)
    user.password_changed_at = now
    user.must_change_password = False
    revoke_all_sessions(session, user, now, keep_session_id)
    session.flush()
    audit.record(
        session,
        actor=actor_of(user),
        action=Action.UPDATE,
        object_type="user",
        object_id=user.id,
        after={"password_changed_at": now},
        request_id=request_id,
        clock=clock,
    )


def reset_password(
    session: Session,
    *,
    user_id: int,
    policy: AuthPolicy,
    clock: Clock,
    by: Actor,
    request_id: str | None = None,
) -> str:
    """Give a user a new random password (returned once) and end all their sessions.

    The new password is temporary: the user must replace it before using anything else.
    """
    user = get_user(session, user_id)
    password = new_token(12)
    now = clock()
    user.password_hash = hash_password(policy.hasher(), password)
    user.password_changed_at = now
    user.must_change_password = True
    revoke_all_sessions(session, user, now)
    session.flush()
    audit.record(
        session,
        actor=by,
        action=Action.UPDATE,
        object_type="user",
        object_id=user.id,
        after={"password_reset_at": now, "must_change_password": True},
        request_id=request_id,
        clock=clock,
    )
    return password


def create_api_token(
    session: Session, *, user: User, name: str, clock: Clock, request_id: str | None = None
) -> tuple[str, ApiToken]:
    """Issue a bearer token; the plain value is returned once and only its hash is kept."""
    label = name.strip()
    if not 1 <= len(label) <= MAX_TOKEN_NAME_LENGTH:
        raise InvalidInput(
            f"A token name must have 1 to {MAX_TOKEN_NAME_LENGTH} characters; got {len(label)}.",
            key="accounts.tokens.error.name",
            max=MAX_TOKEN_NAME_LENGTH,
            length=len(label),
        )
    plain = API_TOKEN_PREFIX + new_token()
    row = ApiToken(
        user=user,
        name=label,
        prefix=plain[:10],
        token_hash=sha256_hex(plain),
        created_at=clock(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor_of(user),
        action=Action.CREATE,
        object_type="api_token",
        object_id=row.id,
        after=audit.snapshot(row, exclude=_TOKEN_SECRETS),
        request_id=request_id,
        clock=clock,
    )
    return plain, row


def list_api_tokens(session: Session, *, user: User) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at)
    return list(session.scalars(query))


def get_api_token(session: Session, *, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; another user's token counts as not found."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound(f"No API token with id {token_id} belongs to this account.")
    return row


def revoke_api_token(
    session: Session, *, user: User, token_id: int, clock: Clock, request_id: str | None = None
) -> None:
    """Revoke one of the user's own tokens; another user's token counts as not found."""
    row = get_api_token(session, user=user, token_id=token_id)
    if row.revoked_at is None:
        row.revoked_at = clock()
        audit.record(
            session,
            actor=actor_of(user),
            action=Action.UPDATE,
            object_type="api_token",
            object_id=row.id,
            after={"revoked_at": row.revoked_at},
            request_id=request_id,
            clock=clock,
        )


def resolve_api_token(session: Session, *, plain: str, clock: Clock) -> User | None:
    """The active user a bearer token belongs to, or ``None``.

    Raises
    ------
    PasswordChangeRequired
        When the token is valid but its owner must first change their password.
    """
    if not plain.startswith(API_TOKEN_PREFIX):
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == sha256_hex(plain)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    if row.user.must_change_password:
        raise PasswordChangeRequired(
            "This account's password was set by an administrator and must be changed before "
            "its API tokens can be used; log in and choose a new password at /account/password."
        )
    # Written at most once a minute, as sessions are: a write per request serialises every API
    # client behind the token's row (and SQLite's write lock), reads included.
    now = clock()
    if row.last_used_at is None or needs_touch(row.last_used_at, now):
        row.last_used_at = now
    return row.user


def is_role(user: User, *roles: Role) -> bool:
    return user.role_enum in roles
