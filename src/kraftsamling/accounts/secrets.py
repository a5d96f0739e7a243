"""Password hashing (argon2id) and random tokens. Nothing here touches storage or the web."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kraftsamling.core.errors import InvalidInput

if TYPE_CHECKING:
    from kraftsamling.core.settings import Settings

Clock = Callable[[], dt.datetime]

API_TOKEN_PREFIX = "ks_"
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; every stored time is UTC, so attach UTC when missing."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@dataclass(frozen=True)
class AuthPolicy:
    """Session lifetimes, throttling and argon2 cost. Tests lower the argon2 cost only.

    The argon2 defaults are argon2-cffi's (RFC 9106 "low memory" profile: t=3, 64 MiB, p=4).
    """

    idle_timeout: dt.timedelta = dt.timedelta(minutes=30)
    absolute_timeout: dt.timedelta = dt.timedelta(hours=12)
    max_failures: int = 5
    failure_window: dt.timedelta = dt.timedelta(minutes=15)
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4

    @classmethod
    def from_settings(cls, settings: Settings) -> AuthPolicy:
        """Session lifetimes and throttling from ``settings``; argon2 cost stays the default."""
        return cls(
            idle_timeout=dt.timedelta(minutes=settings.session_idle_minutes),
            absolute_timeout=dt.timedelta(minutes=settings.session_absolute_minutes),
            max_failures=settings.login_max_failures,
            failure_window=dt.timedelta(minutes=settings.login_failure_window_minutes),
        )

    @property
    def failure_window_minutes(self) -> int:
        """The throttling window in whole minutes (rounded up), for messages."""
        return -(-int(self.failure_window.total_seconds()) // 60)

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(
            time_cost=self.argon2_time_cost,
            memory_cost=self.argon2_memory_kib,
            parallelism=self.argon2_parallelism,
        )


FAST_TEST_POLICY = AuthPolicy(argon2_time_cost=1, argon2_memory_kib=8, argon2_parallelism=1)


def check_password_rules(password: str) -> None:
    """Length rules only (NIST SP 800-63B favours length over composition rules)."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            f"A password must have {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters; "
            f"got {len(password)}.",
            key="accounts.password.length",
            min=MIN_PASSWORD_LENGTH,
            max=MAX_PASSWORD_LENGTH,
            length=len(password),
        )


def hash_password(hasher: PasswordHasher, password: str) -> str:
    return hasher.hash(password)


def verify_password(hasher: PasswordHasher, stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; a malformed stored hash counts as no match."""
    try:
        return hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def tokens_equal(a: str, b: str) -> bool:
    """Constant-time comparison, so a forged token cannot be guessed byte by byte."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
