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
from kraftsamling.areas.display import HELPERS
from kraftsamling.core.formatting import format_local_time, format_percent
from kraftsamling.runs.ranking import interval_bar
from kraftsamling.targeting import queries, rules
from kraftsamling.targeting.models import SelectionRound
from kraftsamling.targeting.rules import RoundStatus
from kraftsamling.web.templating import in_page_language


def share(value: float | None, *, lang: str = "sv") -> str:
    """A probability (0 to 1) as a whole percent."""
    return format_percent(None if value is None else 100 * value, 0, lang)


def helpers() -> dict[str, Callable[..., Any]]:
    return {"when": format_local_time, "number": HELPERS["num"],
            "share": in_page_language(share), "paragraphs": rules.paragraphs}  # fmt: skip


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
    earliest, latest = rules.deadline_bounds(today)
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
        "n_unranked": len(rows) - n_ranked,
        "top_k": queries.run_top_k(session, rnd.index_run_id),
        "n_selected": sum(1 for a in rnd.areas if a.selected),
        "names": {a.area_code: a.area_name for a in rnd.areas},
        "can_edit": city_office and editable,
        "own_proposal": rnd.proposed_by == user.id,
        "invitable": queries.invitable_organisations(session) if city_office and editable else [],
        "invited_ids": {i.organisation_id for i in rnd.invitations},
        "silent": queries.silent_organisations(rnd),
        "open_for_comments": open_for_comments,
        "deadline_passed": rnd.deadline is not None and today > rnd.deadline,
        "comment_orgs": comment_organisations(rnd, user) if open_for_comments else [],
        "stances": [s.value for s in rules.Stance],
        "min_rationale": rules.MIN_RATIONALE,
        "earliest_deadline": earliest,
        "latest_deadline": latest,
        **helpers(),
    }
