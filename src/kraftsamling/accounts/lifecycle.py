"""Deactivating and reactivating accounts, by an admin on the web or from the command line.

Accounts are never deleted: the audit trail names them. A deactivated account keeps its row,
cannot log in (the login form answers as for a wrong password) and loses its sessions and API
tokens at once; reactivation lets it log in again but brings no session or token back.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User
from kraftsamling.accounts.secrets import Clock
from kraftsamling.accounts.service import get_user, normalise_email, revoke_all_api_tokens
from kraftsamling.accounts.sessions import revoke_all_sessions
from kraftsamling.core import audit
from kraftsamling.core.audit import Actor
from kraftsamling.core.errors import InvalidInput, NotFound

DEACTIVATE = "deactivate"
REACTIVATE = "reactivate"
# Why an account was deactivated goes into the audit entry: a few words, not a case file.
MIN_REASON = 3
MAX_REASON = 500


def check_reason(reason: str) -> str:
    """The reason stripped; it must have ``MIN_REASON`` to ``MAX_REASON`` characters."""
    cleaned = reason.replace("\r\n", "\n").strip()
    if not MIN_REASON <= len(cleaned) <= MAX_REASON:
        raise InvalidInput(
            f"A reason must have {MIN_REASON} to {MAX_REASON} characters; got {len(cleaned)}.",
            key="accounts.users.error.reason",
            min=MIN_REASON,
            max=MAX_REASON,
            length=len(cleaned),
        )
    return cleaned


def user_by_email(session: Session, email: str) -> User:
    """The account with ``email`` (any case); raises ``NotFound`` naming the address."""
    address = normalise_email(email)
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        raise NotFound(f"No user with e-mail {address!r}.")
    return user


def _state(user: User) -> dict[str, object]:
    return {"active": user.active, "deactivated_at": user.deactivated_at}


def deactivate_user(
    session: Session,
    *,
    user_id: int,
    by: Actor,
    reason: str,
    clock: Clock,
    request_id: str | None = None,
) -> bool:
    """Deactivate an account and end its sessions and API tokens; ``False`` if already inactive.

    ``reason`` (why, in a few words) is kept in the audit entry.

    Raises
    ------
    InvalidInput
        When ``by`` names the account itself (an admin cannot lock themselves out), or the
        reason is empty or too long.
    """
    user = get_user(session, user_id)
    if by.id == user.id:
        raise InvalidInput(
            f"An admin cannot deactivate their own account ({user.email}); ask another admin.",
            key="accounts.users.cannot_deactivate_self",
        )
    why = check_reason(reason)
    if not user.active:
        return False
    before = _state(user)
    now = clock()
    user.active = False
    user.deactivated_at = now
    sessions = revoke_all_sessions(session, user, now)
    tokens = revoke_all_api_tokens(session, user, now)
    session.flush()
    audit.record(
        session,
        actor=by,
        action=DEACTIVATE,
        object_type="user",
        object_id=user.id,
        before=before,
        after={
            **_state(user),
            "sessions_revoked": sessions,
            "api_tokens_revoked": tokens,
            "reason": why,
        },
        request_id=request_id,
        clock=clock,
    )
    return True


def reactivate_user(
    session: Session,
    *,
    user_id: int,
    by: Actor,
    clock: Clock,
    request_id: str | None = None,
) -> bool:
    """Let a deactivated account log in again; ``False`` if it was active already."""
    user = get_user(session, user_id)
    if user.active:
        return False
    before = _state(user)
    user.active = True
    user.deactivated_at = None
    session.flush()
    audit.record(
        session,
        actor=by,
        action=REACTIVATE,
        object_type="user",
        object_id=user.id,
        before=before,
        after=_state(user),
        request_id=request_id,
        clock=clock,
    )
    return True
