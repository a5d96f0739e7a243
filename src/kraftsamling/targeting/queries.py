"""Reading selection rounds: the list, one round, what a new round can be made from, and the
current target areas.

:func:`current_targets` is what later capabilities (the fund, follow-up) refer to.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import Organisation
from kraftsamling.accounts.roles import OrganisationKind
from kraftsamling.core.errors import NotFound
from kraftsamling.runs import service as runs
from kraftsamling.runs.models import IndexRun, RunStatus
from kraftsamling.targeting import rules
from kraftsamling.targeting.models import SelectionRound
from kraftsamling.targeting.rules import RoundStatus


@dataclass(frozen=True)
class TargetArea:
    """One current target area, as later capabilities see it."""

    code: str
    name: str
    rank: int | None
    score: float | None
    area_class: int | None
    rank_p05: float | None
    rank_p95: float | None
    p_top_k: float | None


@dataclass(frozen=True)
class CurrentTargets:
    """The newest finalised round and its selected areas, in rank order.

    ``top_k`` is the index run's k that every area's ``p_top_k`` refers to (the probability of
    being among the run's ``top_k`` most vulnerable), not the round's own k; ``None`` when the
    run did not record one.
    """

    round: SelectionRound
    areas: tuple[TargetArea, ...]
    top_k: int | None


def list_rounds(session: Session) -> list[SelectionRound]:
    """Every round, newest first."""
    return list(session.scalars(select(SelectionRound).order_by(SelectionRound.id.desc())))


def get_round(session: Session, round_id: int) -> SelectionRound:
    """The round with ``round_id``; ``NotFound`` otherwise."""
    rnd = session.get(SelectionRound, round_id)
    if rnd is None:
        raise NotFound(
            f"No selection round with id {round_id}.",
            key="targeting.error.round_missing",
            round_id=round_id,
        )
    return rnd


def run_top_k(session: Session, run_id: int) -> int | None:
    """The k of the index run's "probability of being among the k most vulnerable"."""
    top_k: int | None = session.scalar(select(IndexRun.top_k).where(IndexRun.id == run_id))
    return top_k


def finished_runs(session: Session) -> list[IndexRun]:
    """Index runs a round can be made from (finished, ranking at least one area), newest first."""
    return [
        r
        for r in runs.list_runs(session)
        if r.status == RunStatus.DONE.value and r.result and rules.ranked_codes(r.result["areas"])
    ]


def invitable_organisations(session: Session) -> list[Organisation]:
    """Committees first, then municipal companies, each by Swedish name."""
    kinds = [k.value for k in (OrganisationKind.COMMITTEE, OrganisationKind.COMPANY)]
    orgs = session.scalars(select(Organisation).where(Organisation.kind.in_(kinds)))
    return sorted(orgs, key=lambda o: (o.kind != OrganisationKind.COMMITTEE.value, o.name_sv))


def current_round(session: Session) -> SelectionRound | None:
    """The newest finalised round, or ``None`` before the first decision."""
    return session.scalar(
        select(SelectionRound).where(SelectionRound.status == RoundStatus.FINALISED.value)
    )


def current_targets(session: Session) -> CurrentTargets | None:
    """The current target areas: the selected areas of the newest finalised round."""
    rnd = current_round(session)
    if rnd is None:
        return None
    areas = tuple(
        TargetArea(a.area_code, a.area_name, a.rank, a.score, a.area_class, a.rank_p05,
                   a.rank_p95, a.p_top_k)
        for a in rnd.areas if a.selected
    )  # fmt: skip
    return CurrentTargets(rnd, areas, run_top_k(session, rnd.index_run_id))


def silent_organisations(rnd: SelectionRound) -> list[Organisation]:
    """Invited organisations that have not commented yet."""
    answered = {c.organisation_id for c in rnd.comments}
    return [i.organisation for i in rnd.invitations if i.organisation_id not in answered]
