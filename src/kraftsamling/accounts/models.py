"""Accounts tables: organisations, users, web sessions, API tokens and login failures.

Secrets are never stored: passwords as argon2 hashes, session cookies and API tokens as SHA-256
hex digests, login failures under a hash of (e-mail, IP) so the table holds no address in clear.
Kinds and roles are strings guarded by CHECK constraints, as in the statistics tables.
Revision ``0003_accounts`` creates these tables; ``0005_account_flags`` adds the users'
``must_change_password`` and ``deactivated_at``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kraftsamling.accounts.roles import OrganisationKind, Role
from kraftsamling.core.audit import Actor
from kraftsamling.core.db import Base

_KINDS = ", ".join(f"'{k.value}'" for k in OrganisationKind)
_ROLES = ", ".join(f"'{r.value}'" for r in Role)


class Organisation(Base):
    """The city office, a committee, a municipal company, a decision body or an external partner."""

    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(f"kind IN ({_KINDS})", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))

    users: Mapped[list[User]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"Organisation(code={self.code!r}, kind={self.kind!r})"


class User(Base):
    """A person with a local account; belongs to one organisation and has one role."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({_ROLES})", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # Set by an admin reset or a temporary password: only the password page works until changed.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # When an admin deactivated the account (``active`` is false); cleared on reactivation.
    deactivated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation] = relationship(back_populates="users", lazy="joined")

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, role={self.role!r})"


def actor_of(user: User) -> Actor:
    """How ``user`` is named in the audit trail."""
    return Actor(user.id, user.email)


class WebSession(Base):
    """A server-side login session; the browser holds only a random token whose hash is here."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")


class ApiToken(Base):
    """A per-user bearer token for ``/api/v1``; shown once, stored as a SHA-256 hash."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The first characters, so a user can tell tokens apart without the secret.
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")


class LoginFailure(Base):
    """One failed login, keyed by a hash of (normalised e-mail, client IP), for throttling."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
