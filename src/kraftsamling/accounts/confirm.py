"""The confirmation page of an action that cannot be undone, shared by the accounts pages.

The page says what will happen to whom and holds the one form that does it; the form carries
``confirm=yes``, so a post without it (a page from before the confirmation step, a hand-made
request) is sent to the confirmation page instead of acting. It is a plain page and form: it
works without script.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.web.templating import render

CONFIRMED = "yes"


def confirmed(value: str) -> bool:
    """Whether a form's ``confirm`` field says it came from the confirmation page."""
    return value == CONFIRMED


def confirm_page(
    request: Request,
    *,
    name: str,
    action: str,
    back: str,
    subject: dict[str, str],
    hidden: dict[str, str] | None = None,
    reason: dict[str, Any] | None = None,
    error: str | None = None,
) -> Response:
    """Render the confirmation of ``name`` (texts ``accounts.confirm.<name>.*``).

    ``reason``, when given (``value``, ``min``, ``max``), adds the required field for why.
    """
    context = {
        "name": name, "action": action, "back": back, "subject": subject,
        "hidden": {**(hidden or {}), "confirm": CONFIRMED}, "reason": reason, "error": error,
    }  # fmt: skip
    return render(request, "accounts/confirm.html", context, status_code=422 if error else 200)
