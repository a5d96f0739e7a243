"""Use cases of selection rounds: propose, change the selection, consult, comment, decide.

Each function takes the caller's session and does one unit of work, ending with one audit entry;
the caller commits. The rules themselves are in :mod:`kraftsamling.targeting.rules`; reading
rounds and the current target areas is :mod:`kraftsamling.targeting.queries`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import Organisation, User, actor_of
from kraftsamling.accounts.roles import OrganisationKind
from kraftsamling.core import audit
from kraftsamling.core.errors import InvalidInput, NotFound
from kraftsamling.decisions.service import DecisionIn, record_decision
from kraftsamling.runs.models import IndexRun, RunStatus
from kraftsamling.targeting import rules
from kraftsamling.targeting.models import Comment, Invitation, RoundArea, SelectionRound
from kraftsamling.targeting.queries import current_round, get_round, silent_organisations
from kraftsamling.targeting.rules import RoundStatus

Clock = Callable[[], dt.datetime]
OBJECT_TYPE = "selection_round"
# Why a round was stopped, kept in its audit entry: a sentence, not a decision's rationale.
MIN_CANCEL_REASON = 3
MAX_CANCEL_REASON = 500


def _summary(rnd: SelectionRound) -> dict[str, Any]:
    """The audited state of a round: its columns and the selected area codes."""
    data: dict[str, Any] = audit.snapshot(rnd)
    data["selected"] = sorted(a.area_code for a in rnd.areas if a.selected)
    data["invited"] = sorted(i.organisation.code for i in rnd.invitations)
    return data


def _record(
    session: Session,
    rnd: SelectionRound,
    *,
    user: User,
    action: str,
    before: dict[str, Any] | None,
    request_id: str | None,
    clock: Clock,
    decision_ref: str | None = None,
    reason: str | None = None,
) -> None:
    session.flush()
    after = _summary(rnd) if reason is None else {**_summary(rnd), "reason": reason}
    audit.record(
        session, actor=actor_of(user), action=action, object_type=OBJECT_TYPE, object_id=rnd.id,
        before=before, after=after, request_id=request_id, decision_ref=decision_ref,
        clock=clock,
    )  # fmt: skip


def create_round(
    session: Session,
    *,
    run_id: int,
    k: int,
    title: str,
    user: User,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> SelectionRound:
    """Propose the ``k`` best-ranked areas of a finished run as a new draft round (audited).

    Every area of the run is copied into the round with its index result; the top ``k`` are
    flagged proposed and selected.

    Raises
    ------
    PermissionDenied
        When the user is not a coordinator or an admin.
    NotFound
        When there is no run ``run_id``.
    InvalidInput
        When the run is not finished, ``k`` is out of range or the title is empty.
    """
    rules.ensure_city_office(user.role_enum)
    run = session.get(IndexRun, run_id)
    if run is None:
        raise NotFound(
            f"No index run with id {run_id}.", key="targeting.error.run_missing", run_id=run_id
        )
    if run.status != RunStatus.DONE.value or not run.result:
        raise InvalidInput(
            f"index run {run_id} has status {run.status!r}; a selection round needs a finished "
            "('done') run.",
            key="targeting.error.run_not_done",
            run_id=run_id,
        )
    areas: dict[str, dict[str, Any]] = run.result["areas"]
    ranked = rules.ranked_codes(areas)
    rules.check_k(k, len(ranked), run_id=run.id)
    rnd = SelectionRound(
        title=rules.check_title(title), index_run_id=run.id, k=k,
        status=RoundStatus.DRAFT.value, proposed_by=user.id, proposed_at=clock(),
    )  # fmt: skip
    session.add(rnd)
    top = set(ranked[:k])
    unranked = sorted(set(areas) - set(ranked))
    for code in [*ranked, *unranked]:
        rnd.areas.append(_snapshot_area(code, areas[code], chosen=code in top))
    _record(session, rnd, user=user, action="create", before=None, request_id=request_id,
            clock=clock)  # fmt: skip
    return rnd


def _number(row: dict[str, Any], key: str) -> float | None:
    value = row.get(key)
    return None if value is None else float(value)


def _whole(row: dict[str, Any], key: str) -> int | None:
    value = row.get(key)
    return None if value is None else round(value)


def _snapshot_area(code: str, row: dict[str, Any], *, chosen: bool) -> RoundArea:
    return RoundArea(
        area_code=code, area_name=str(row.get("area_name") or code)[:200],
        rank=_whole(row, "rank"), score=_number(row, "score"), area_class=_whole(row, "class"),
        rank_p05=_number(row, "rank_p05"), rank_median=_number(row, "rank_median"),
        rank_p95=_number(row, "rank_p95"), p_top_k=_number(row, "p_top_k"),
        proposed=chosen, selected=chosen,
    )  # fmt: skip


def set_selection(
    session: Session,
    *,
    round_id: int,
    selected: Iterable[str],
    user: User,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> SelectionRound:
    """Make exactly the areas ``selected`` (codes of the round's areas) the round's selection.

    Raises
    ------
    InvalidInput
        When a code is not an area of the round, an area has no rank in the index run, or the
        round is decided or cancelled.
    """
    rules.ensure_city_office(user.role_enum)
    rnd = get_round(session, round_id)
    rules.ensure_editable(rnd.id, RoundStatus(rnd.status), "change the selected areas")
    wanted = {c.strip() for c in selected if c.strip()}
    known = {a.area_code for a in rnd.areas}
    unknown = sorted(wanted - known)
    if unknown:
        raise InvalidInput(
            f"area(s) {', '.join(unknown)} are not in index run {rnd.index_run_id} of selection "
            f"round {rnd.id}.",
            key="targeting.error.unknown_areas",
            codes=", ".join(unknown),
        )
    rules.check_ranked(_unranked_names(rnd, wanted))
    before = _summary(rnd)
    for area in rnd.areas:
        area.selected = area.area_code in wanted
    _record(session, rnd, user=user, action="update", before=before, request_id=request_id,
            clock=clock)  # fmt: skip
    return rnd


def _unranked_names(rnd: SelectionRound, codes: set[str]) -> list[str]:
    return [f"{a.area_name} ({a.area_code})" for a in rnd.areas
            if a.area_code in codes and a.rank is None]  # fmt: skip


def open_consultation(
    session: Session,
    *,
    round_id: int,
    organisation_codes: Iterable[str],
    deadline: dt.date,
    user: User,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> SelectionRound:
    """Invite committees (and companies) to comment until ``deadline`` (inclusive).

    On a draft this opens the consultation. During the consultation it invites more
    organisations and may move the deadline; no invitation is withdrawn.

    Raises
    ------
    InvalidInput
        When no organisation is given, a code is unknown or not a committee or company, the
        deadline is not after today, or the round is decided or cancelled.
    """
    rules.ensure_city_office(user.role_enum)
    rnd = get_round(session, round_id)
    status = RoundStatus(rnd.status)
    rules.ensure_editable(rnd.id, status, "open the consultation")
    rules.check_new_deadline(deadline, rules.city_date(clock()))
    orgs = _invitable(session, organisation_codes)
    if not orgs and not rnd.invitations:
        raise InvalidInput(
            "organisations: invite at least one committee or company.",
            key="targeting.error.no_organisations",
        )
    before = _summary(rnd)
    invited = {i.organisation_id for i in rnd.invitations}
    now = clock()
    for org in orgs:
        if org.id not in invited:
            rnd.invitations.append(Invitation(organisation=org, invited_at=now))
    rnd.deadline = deadline
    if status is RoundStatus.DRAFT:
        rnd.status, rnd.consultation_opened_at = RoundStatus.CONSULTATION.value, now
    _record(session, rnd, user=user, action="state_change" if status is RoundStatus.DRAFT
            else "update", before=before, request_id=request_id, clock=clock)  # fmt: skip
    return rnd


def _invitable(session: Session, codes: Iterable[str]) -> list[Organisation]:
    wanted = sorted({c.strip() for c in codes if c.strip()})
    if not wanted:
        return []
    found = {o.code: o for o in session.scalars(select(Organisation).where(
        Organisation.code.in_(wanted)))}  # fmt: skip
    missing = [c for c in wanted if c not in found]
    if missing:
        raise NotFound(
            f"No organisation with code(s) {', '.join(missing)}.",
            key="targeting.error.organisation_missing",
            code=", ".join(missing),
        )
    for code in wanted:
        rules.check_invitable(code, OrganisationKind(found[code].kind))
    return [found[c] for c in wanted]


def add_comment(
    session: Session,
    *,
    round_id: int,
    user: User,
    stance: str,
    text: str,
    area_code: str | None = None,
    organisation_code: str | None = None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> Comment:
    """Record an invited organisation's comment, up to and including the deadline (audited).

    ``organisation_code`` defaults to the user's own organisation; officers may comment only
    for it, while coordinators and admins may record a comment an invited body sent them.

    Raises
    ------
    PermissionDenied
        When the user may not act for the organisation, it is not invited, or the deadline
        has passed.
    InvalidInput
        When the round is not in consultation, the stance or text is invalid, or the area is
        not one of the round's.
    """
    rnd = get_round(session, round_id)
    rules.check_comment_window(rnd.id, RoundStatus(rnd.status), rnd.deadline,
                               rules.city_date(clock()))  # fmt: skip
    org = user.organisation
    if organisation_code and organisation_code.strip() != org.code:
        org = _organisation(session, organisation_code.strip())
    invited = any(i.organisation_id == org.id for i in rnd.invitations)
    rules.ensure_may_comment_for(user.role_enum, user.organisation_id, org.id, invited=invited,
                                 code=org.code)  # fmt: skip
    parsed = rules.parse_stance(stance)
    body = rules.check_text("text", text, rules.MAX_TEXT)
    code = (area_code or "").strip() or None
    if code is not None and code not in {a.area_code for a in rnd.areas}:
        raise InvalidInput(
            f"area_code {code!r} is not an area of selection round {rnd.id}.",
            key="targeting.error.comment_area",
            code=code,
            round_id=rnd.id,
        )
    comment = Comment(
        organisation=org, author=user, stance=parsed.value, text=body,
        area_code=code, created_at=clock(),
    )  # fmt: skip
    rnd.comments.append(comment)
    session.flush()
    audit.record(
        session, actor=actor_of(user), action="create", object_type="selection_round_comment",
        object_id=comment.id, after=audit.snapshot(comment), request_id=request_id, clock=clock,
    )  # fmt: skip
    return comment


def _organisation(session: Session, code: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        raise NotFound(
            f"No organisation with code {code!r}.",
            key="targeting.error.organisation_missing",
            code=code,
        )
    return org


def finalise_round(
    session: Session,
    *,
    round_id: int,
    rationale: str,
    user: User,
    decision_ref: str | None = None,
    decision: DecisionIn | None = None,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> SelectionRound:
    """Decide a round with a written rationale; it becomes the next version (audited).

    The previously current round becomes ``superseded``. A decided round never changes again.
    ``decision`` (the body, meeting date, paragraph and case number) is registered in the
    decision register, or found there when that paragraph is registered already, and the round
    links to it; ``decision_ref`` is a free-text reference kept for callers without one.

    Raises
    ------
    PermissionDenied
        When the user is not a coordinator or admin, or proposed the round (four eyes).
    InvalidInput
        When the round is not in consultation, its consultation is still running with
        organisations yet to comment, no area is selected, a selected area has no rank, or the
        rationale is shorter than ``rules.MIN_RATIONALE`` characters.
    """
    rules.ensure_city_office(user.role_enum)
    rnd = get_round(session, round_id)
    rules.check_finalise(
        round_id=rnd.id, status=RoundStatus(rnd.status), deadline=rnd.deadline,
        today=rules.city_date(clock()), n_selected=sum(a.selected for a in rnd.areas),
        silent=len(silent_organisations(rnd)),
        unranked_selected=_unranked_names(rnd, {a.area_code for a in rnd.areas if a.selected}),
    )  # fmt: skip
    rules.ensure_four_eyes(rnd.proposed_by, user.id)
    text = rules.check_text("rationale", rationale, rules.MAX_RATIONALE,
                            minimum=rules.MIN_RATIONALE)  # fmt: skip
    ref = (decision_ref or "").strip()[:300] or None
    before = _summary(rnd)
    if decision is not None:
        record = record_decision(session, decision, user=user, request_id=request_id, clock=clock)
        rnd.decision_id, ref = record.id, record.reference
    now = clock()
    previous = current_round(session)
    if previous is not None:
        previous.status, previous.superseded_at = RoundStatus.SUPERSEDED.value, now
        session.flush()
    latest = session.scalar(select(func.max(SelectionRound.version))) or 0
    rnd.status, rnd.version, rnd.rationale = RoundStatus.FINALISED.value, latest + 1, text
    rnd.decision_ref, rnd.finalised_by, rnd.finalised_at = ref, user.id, now
    if previous is not None:
        before["supersedes"] = {"id": previous.id, "version": previous.version}
    _record(session, rnd, user=user, action="state_change", before=before,
            request_id=request_id, clock=clock, decision_ref=ref)  # fmt: skip
    return rnd


def cancel_round(
    session: Session,
    *,
    round_id: int,
    user: User,
    reason: str,
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> SelectionRound:
    """Stop a draft or a round in consultation without a decision (audited with ``reason``).

    Raises
    ------
    InvalidInput
        When the round is decided or cancelled, or the reason is shorter than
        ``MIN_CANCEL_REASON`` or longer than ``MAX_CANCEL_REASON`` characters.
    """
    rules.ensure_city_office(user.role_enum)
    rnd = get_round(session, round_id)
    rules.ensure_editable(rnd.id, RoundStatus(rnd.status), "cancel the round")
    why = rules.check_text("cancel_reason", reason, MAX_CANCEL_REASON, minimum=MIN_CANCEL_REASON)
    before = _summary(rnd)
    rnd.status, rnd.cancelled_by, rnd.cancelled_at = RoundStatus.CANCELLED.value, user.id, clock()
    _record(session, rnd, user=user, action="state_change", before=before,
            request_id=request_id, clock=clock, reason=why)  # fmt: skip
    return rnd
