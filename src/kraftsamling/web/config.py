"""What the web layer needs besides ``Settings``: cookie names, auth policy and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from kraftsamling.accounts.secrets import AuthPolicy, Clock, utc_now


@dataclass(frozen=True)
class WebConfig:
    """Built once by ``create_app``; routes read it from ``request.app.state.config``.

    Browsers accept a ``__Host-`` cookie only with ``Secure`` and ``Path=/``, and send a Secure
    cookie only over HTTPS. A development server on plain http://127.0.0.1 therefore uses
    unprefixed, non-Secure cookie names; every other environment uses ``__Host-`` names.
    """

    secure_cookies: bool
    policy: AuthPolicy = field(default_factory=AuthPolicy)
    clock: Clock = utc_now

    @property
    def session_cookie(self) -> str:
        return "__Host-session" if self.secure_cookies else "kraftsamling_session"

    @property
    def csrf_cookie(self) -> str:
        return "__Host-csrf" if self.secure_cookies else "kraftsamling_csrf"

    language_cookie: str = "lang"
