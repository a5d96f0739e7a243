"""What the targeting templates need besides the round: form parsing, formats, permissions.

The permission flags here only decide which forms a page shows; the service enforces the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User
from kraftsamling.accounts.roles import CROSS_ORGANISATION_ROLES, Role
from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.formatting import format_number, format_percent
from kraftsamling.runs.ranking import interval_bar
from kraftsamling.targeting import rules, service
from kraftsamling.targeting.models import SelectionRound
from kraftsamling.targeting.rules import RoundStatus


def whole(name: str, text: str) -> int:
    """A whole number typed in a form field; ``InvalidInput`` names the field."""
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number; got {text!r}.") from None


def date_field(name: str, text: str) -> dt.date:
    """A date typed as ``YYYY-MM-DD`` (what a date field sends)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{name} must be a date written YYYY-MM-DD; got {text!r}.") from None


def when(moment: dt.datetime | None) -> str:
    """A moment as Malmö's local date and time, ``2026-02-02 10:00``."""
    if moment is None:
        return "–"
    return moment.astimezone(rules.CITY_TIME).strftime("%Y-%m-%d %H:%M")


def number(value: float | None, decimals: int = 0) -> str:
    return format_number(value, decimals)


def share(value: float | None) -> str:
    """A probability (0 to 1) as a Swedish whole percent."""
    return format_percent(None if value is None else 100 * value, 0)


def helpers() -> dict[str, Callable[..., str]]:
    return {"when": when, "number": number, "share": share}


def comment_organisations(rnd: SelectionRound, user: User) -> list[Any]:
    """The invited organisations this user may comment for."""
    invited = [i.organisation for i in rnd.invitations]
    if user.role_enum in CROSS_ORGANISATION_ROLES:
        return invited
    if user.role_enum is Role.OFFICER:
        return [o for o in invited if o.id == user.organisation_id]
    return []


def detail_context(
    session: Session, rnd: SelectionRound, user: User, *, clock: Callable[[], dt.datetime]
) -> dict[str, Any]:
    """Everything ``targeting/detail.html`` shows about ``rnd`` to ``user``."""
    status = RoundStatus(rnd.status)
    today = rules.city_date(clock())
    city_office = user.role_enum in CROSS_ORGANISATION_ROLES
    editable = status in rules.EDITABLE
    n_ranked = sum(1 for a in rnd.areas if a.rank is not None)
    rows = [
        {"area": a, "bar": interval_bar(a.rank_p05, a.rank_p95, a.rank_median, n_ranked)}
        for a in rnd.areas
    ]
    open_for_comments = (
        status is RoundStatus.CONSULTATION and rnd.deadline is not None and today <= rnd.deadline
    )
    return {
        "round": rnd,
        "status": status.value,
        "rows": rows,
        "n_ranked": n_ranked,
        "n_selected": sum(1 for a in rnd.areas if a.selected),
        "names": {a.area_code: a.area_name for a in rnd.areas},
        "can_edit": city_office and editable,
        "own_proposal": rnd.proposed_by == user.id,
        "invitable": service.invitable_organisations(session) if city_office and editable else [],
        "invited_ids": {i.organisation_id for i in rnd.invitations},
        "silent": service.silent_organisations(rnd),
        "open_for_comments": open_for_comments,
        "deadline_passed": rnd.deadline is not None and today > rnd.deadline,
        "comment_orgs": comment_organisations(rnd, user) if open_for_comments else [],
        "stances": [s.value for s in rules.Stance],
        "today": today,
        **helpers(),
    }
