"""Form tokens that make a resubmitted form harmless, for answers that cannot be redirected.

Most forms answer with a redirect (post/redirect/get), so reloading the page that follows only
reads it again. A form whose answer shows a one-time secret (a new API token, a reset
password) cannot: carrying the secret across a redirect would mean storing it outside the one
response. Reloading that answer makes the browser send the form again, and the CSRF token,
which lives as long as the session, would let it through: a second token, a second reset.

Such a form therefore also carries a *once* token, derived from the session's CSRF token and
the state the action changes (the user's newest API token, the time the password was last
set). Once the action has run, that state differs, the token no longer matches, and the
repeated form is answered with a redirect and a notice instead of a second write. Nothing is
stored: the token is recomputed from the state on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from starlette.requests import Request

from kraftsamling.accounts.secrets import as_utc
from kraftsamling.web.templating import csrf_token


def _part(value: object) -> str:
    # A stored time comes back from SQLite without its zone: the same instant must give the
    # same token whether it was just written or read back.
    if isinstance(value, dt.datetime):
        return repr(as_utc(value).timestamp())
    return str(value)


def once_token(request: Request, *state: object) -> str:
    """The once token for the form whose action changes ``state`` (in this session).

    The same state in the same session always gives the same token; any change gives another.
    """
    text = "\x1f".join([csrf_token(request), *(_part(s) for s in state)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def is_current(request: Request, sent: str, *state: object) -> bool:
    """Whether ``sent`` is the once token for ``state`` now, i.e. the form was not sent before."""
    return hmac.compare_digest(sent.encode("utf-8"), once_token(request, *state).encode("utf-8"))
