"""The rules of a selection round, pure: no storage or web imports.

A round moves ``draft -> consultation -> finalised``; a draft or a round in consultation may
instead be ``cancelled``, and a finalised round becomes ``superseded`` when a newer round is
finalised. Only the city office (coordinators and admins) proposes, changes and decides rounds;
committees and companies comment during the consultation, each for itself.

Dates are the city's: a deadline is the last day, in Swedish time, on which comments are taken.

Every error carries a ``key`` into :mod:`kraftsamling.targeting.messages`, so pages say it in the
reader's language while the API and logs keep the English message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from kraftsamling.accounts.roles import (
    CROSS_ORGANISATION_ROLES,
    OrganisationKind,
    Role,
    can_act_for,
)
from kraftsamling.core.errors import InvalidInput, PermissionDenied
from kraftsamling.core.formatting import LOCAL_ZONE

CITY_TIME = LOCAL_ZONE  # deadlines are days in the city's own time
MAX_TEXT = 5000
MAX_TITLE = 200
MAX_RATIONALE = 20_000
# A decision is published with its rationale: a word or two does not explain it.
MIN_RATIONALE = 20
# A consultation runs for weeks, not years; a later date is almost surely a typing error.
MAX_DEADLINE_DAYS = 365
# Bodies that may be asked for their view: the committees and the municipal companies.
INVITABLE_KINDS = frozenset({OrganisationKind.COMMITTEE, OrganisationKind.COMPANY})


class RoundStatus(StrEnum):
    DRAFT = "draft"
    CONSULTATION = "consultation"
    FINALISED = "finalised"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


class Stance(StrEnum):
    SUPPORT = "support"
    OBJECT = "object"
    NEUTRAL = "neutral"


EDITABLE = frozenset({RoundStatus.DRAFT, RoundStatus.CONSULTATION})


def city_date(moment: dt.datetime) -> dt.date:
    """The calendar day in Malmö at ``moment`` (an aware datetime).

    >>> city_date(dt.datetime(2026, 6, 13, 22, 30, tzinfo=dt.UTC))
    datetime.date(2026, 6, 14)
    """
    return moment.astimezone(CITY_TIME).date()


def ensure_city_office(role: Role) -> None:
    """Only coordinators and admins (the city office) propose, change and decide rounds."""
    if role not in CROSS_ORGANISATION_ROLES:
        raise PermissionDenied(
            f"Only a coordinator or an admin may propose, change or decide a selection round; "
            f"the user is {role.value!r}.",
            key="targeting.error.city_office",
        )


def ranked_codes(areas: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Area codes with a rank, best (most vulnerable, rank 1) first; ties by code.

    >>> ranked_codes({"b": {"rank": 2}, "a": {"rank": 1}, "c": {"rank": None}})
    ['a', 'b']
    """
    ranked = [(row["rank"], code) for code, row in areas.items() if row.get("rank") is not None]
    return [code for _, code in sorted(ranked)]


def check_k(k: int, n_ranked: int, *, run_id: int | None = None) -> None:
    """``k`` must lie between 1 and the run's number of ranked areas; a run that ranks no area
    (stored before such runs were failed) cannot be proposed from at all."""
    if n_ranked == 0:
        raise InvalidInput(
            f"index run {run_id} ranks no area, so no target area can be proposed from it; "
            "choose another run.",
            key="targeting.error.no_ranked", run_id=run_id,
        )  # fmt: skip
    if not 1 <= k <= n_ranked:
        raise InvalidInput(
            f"k (the number of areas to propose) must be between 1 and {n_ranked}, the number "
            f"of ranked areas in the run; got {k}.",
            key="targeting.error.k", n=n_ranked, k=k,
        )  # fmt: skip


def check_title(title: str) -> str:
    cleaned = title.strip()
    if not cleaned or len(cleaned) > MAX_TITLE:
        raise InvalidInput(
            f"title must be non-empty text of at most {MAX_TITLE} characters; "
            f"got {len(cleaned)} characters.",
            key="targeting.error.title", max=MAX_TITLE, n=len(cleaned),
        )  # fmt: skip
    return cleaned


def ensure_editable(round_id: int, status: RoundStatus, action: str) -> None:
    """Refuse ``action`` on a round that is decided or cancelled: such a round never changes."""
    if status not in EDITABLE:
        raise InvalidInput(
            f"Cannot {action}: selection round {round_id} is {status.value}; only a round in "
            "draft or consultation can be changed.",
            key=f"targeting.error.closed.{status.value}", round_id=round_id,
        )  # fmt: skip


def deadline_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """The earliest and the latest deadline a consultation opened ``today`` may have.

    >>> deadline_bounds(dt.date(2026, 2, 2))
    (datetime.date(2026, 2, 3), datetime.date(2027, 2, 2))
    """
    return today + dt.timedelta(days=1), today + dt.timedelta(days=MAX_DEADLINE_DAYS)


def check_new_deadline(deadline: dt.date, today: dt.date) -> None:
    earliest, latest = deadline_bounds(today)
    if deadline < earliest:
        raise InvalidInput(
            f"deadline must be a day after today ({today.isoformat()}); "
            f"got {deadline.isoformat()}.",
            key="targeting.error.deadline_past", today=today.isoformat(),
            deadline=deadline.isoformat(),
        )  # fmt: skip
    if deadline > latest:
        raise InvalidInput(
            f"deadline must be at most {MAX_DEADLINE_DAYS} days after today, on or before "
            f"{latest.isoformat()}; got {deadline.isoformat()}.",
            key="targeting.error.deadline_far", latest=latest.isoformat(),
            deadline=deadline.isoformat(),
        )  # fmt: skip


def check_invitable(code: str, kind: OrganisationKind) -> None:
    if kind not in INVITABLE_KINDS:
        raise InvalidInput(
            f"Only committees and municipal companies can be invited to comment; "
            f"organisation {code!r} is of kind {kind.value!r}.",
            key="targeting.error.not_invitable",
            code=code,
        )


def check_comment_window(
    round_id: int, status: RoundStatus, deadline: dt.date | None, today: dt.date
) -> None:
    """Comments are taken while the round is in consultation, up to and including its deadline."""
    if status is not RoundStatus.CONSULTATION or deadline is None:
        raise InvalidInput(
            f"Selection round {round_id} is {status.value}; comments are taken only while a "
            "round is in consultation.",
            key="targeting.error.not_in_consultation",
            round_id=round_id,
        )
    if today > deadline:
        raise PermissionDenied(
            f"The deadline for comments on selection round {round_id} was "
            f"{deadline.isoformat()}; no comments are taken after it (today is "
            f"{today.isoformat()}).",
            key="targeting.error.comment_deadline", round_id=round_id,
            deadline=deadline.isoformat(), today=today.isoformat(),
        )  # fmt: skip


def ensure_may_comment_for(
    role: Role, own_organisation_id: int, organisation_id: int, *, invited: bool, code: str
) -> None:
    """Officers comment for their own organisation only; the city office may record a comment
    received from any invited organisation; viewers never comment."""
    if not can_act_for(role, own_organisation_id, organisation_id):
        raise PermissionDenied(
            f"A user with role {role.value!r} may comment only for their own organisation, "
            f"not for {code!r}; viewers change nothing.",
            key="targeting.error.viewer_comment" if role is Role.VIEWER
            else "targeting.error.not_own_organisation", code=code,
        )  # fmt: skip
    if not invited:
        raise PermissionDenied(
            f"Organisation {code!r} is not invited to comment on this selection round.",
            key="targeting.error.not_invited",
            code=code,
        )


def check_text(name: str, text: str, limit: int, *, minimum: int = 1) -> str:
    """``text`` stripped, with CRLF line ends made LF; its length must be in ``minimum..limit``.

    Errors carry the keys ``targeting.error.<name>_short`` and ``targeting.error.<name>_long``.
    """
    # Forms send CRLF line ends; paragraphs are kept as blank-line separated text.
    cleaned = text.replace("\r\n", "\n").strip()
    n = len(cleaned)
    if n < minimum:
        wanted = "must not be empty" if minimum == 1 else f"must be at least {minimum} characters"
        raise InvalidInput(
            f"{name} {wanted}; got {n} characters.",
            key=f"targeting.error.{name}_short",
            min=minimum,
            n=n,
        )
    if n > limit:
        raise InvalidInput(
            f"{name} must be at most {limit} characters; got {n} characters.",
            key=f"targeting.error.{name}_long",
            max=limit,
            n=n,
        )
    return cleaned


def paragraphs(text: str) -> list[str]:
    r"""The paragraphs of a text: parts separated by blank (or blank-looking) lines.

    >>> paragraphs("Ett.\r\n \r\nTvå\nrader.\n\n\n")
    ['Ett.', 'Två\nrader.']
    """
    parts = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return [p.strip() for p in parts if p.strip()]


def parse_stance(value: str) -> Stance:
    try:
        return Stance(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Stance)
        raise InvalidInput(
            f"stance must be one of {allowed}; got {value!r}.", key="targeting.error.stance"
        ) from None


def ensure_four_eyes(proposed_by: int, user_id: int) -> None:
    """A user never decides their own case: the proposer cannot finalise the round."""
    if proposed_by == user_id:
        raise PermissionDenied(
            "The user who proposed a selection round cannot also finalise it; another "
            "coordinator or an admin has to decide it.",
            key="targeting.error.four_eyes",
        )


def check_finalise(
    *,
    round_id: int,
    status: RoundStatus,
    deadline: dt.date | None,
    today: dt.date,
    n_selected: int,
    silent: int,
    unranked_selected: Sequence[str] = (),
) -> None:
    """A round is decided after its consultation: when the deadline has passed, or earlier once
    every invited organisation has commented (``silent`` is how many have not)."""
    ensure_editable(round_id, status, "finalise")
    if status is not RoundStatus.CONSULTATION or deadline is None:
        raise InvalidInput(
            f"Selection round {round_id} is a draft; invite the committees to comment "
            "(open the consultation) before finalising it.",
            key="targeting.error.finalise_draft",
            round_id=round_id,
        )
    if today <= deadline and silent:
        raise InvalidInput(
            f"The consultation of selection round {round_id} is open until "
            f"{deadline.isoformat()} and {silent} invited organisation(s) have not commented "
            "yet; finalise after the deadline or when every invited organisation has commented.",
            key="targeting.error.finalise_open", round_id=round_id,
            deadline=deadline.isoformat(), n=silent,
        )  # fmt: skip
    if n_selected < 1:
        raise InvalidInput(
            "At least one area must be selected before the round is finalised.",
            key="targeting.error.none_selected",
        )
    check_ranked(unranked_selected)


def check_ranked(unranked: Sequence[str]) -> None:
    """Refuse areas the index run left unranked: nothing says they are among the most
    vulnerable, so they cannot be target areas. ``unranked`` names them (names or codes)."""
    if unranked:
        names = ", ".join(unranked)
        raise InvalidInput(
            f"area(s) {names} have no rank in the index run (for instance too few residents) "
            "and cannot be selected as target areas.",
            key="targeting.error.unranked",
            names=names,
        )
