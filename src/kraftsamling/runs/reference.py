"""The reference run, and what it says about one area: score, rank with its interval, class,
drivers.

The reference run is :func:`reference_run`. Public pages pass the
(indicator, year) cells hidden by disclosure control, and an indicator hidden for the run's
year is left out of the drivers: its normalised value (a percentile among the sub-areas) would
give the hidden value away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.runs import ranking
from kraftsamling.runs.drivers import GROUP, INDICATOR, Driver, area_drivers
from kraftsamling.runs.models import IndexRun, RunStatus
from kraftsamling.runs.spec_files import names_of, run_spec
from kraftsamling.stats.models import Indicator

RANKED = "ranked"
NOT_RANKED = "not_ranked"  # in the run's table but outside its universe (e.g. few residents)
NOT_IN_RUN = "not_in_run"  # another level, or an area the run did not have


@dataclass(frozen=True)
class Reference:
    """The reference run and why it is the one: ``decided`` when the current target areas were
    decided on it, else it is the newest finished run."""

    run: IndexRun
    decided: bool


def reference_run(session: Session) -> IndexRun | None:
    """The reference run: the run the current target areas were decided on, else the newest
    finished (``done``) run at level ``sub_area``, or None.

    The decided run wins so that a coordinator's trial run never changes what the public pages
    say about the decision. Without a decision, "newest" means the latest ``finished_at`` (the
    higher id on a tie): a run that is still computing or failed never replaces a finished one.
    The area profiles (internal and public), their API twins and the public page on how the
    index is built all describe this one run.
    """
    found = reference(session)
    return found.run if found is not None else None


def reference(session: Session) -> Reference | None:
    """:func:`reference_run` with whether the current target areas were decided on it."""
    from kraftsamling.targeting.queries import current_round  # targeting builds on runs

    decided = current_round(session)
    if decided is not None:
        run = session.get(IndexRun, decided.index_run_id)
        return Reference(run, decided=True) if run is not None else None
    newest = session.scalar(
        select(IndexRun)
        .where(IndexRun.status == RunStatus.DONE.value, IndexRun.level == "sub_area")
        .order_by(IndexRun.finished_at.desc().nulls_last(), IndexRun.id.desc())
        .limit(1)
    )
    return Reference(newest, decided=False) if newest is not None else None


@dataclass(frozen=True)
class AreaIndex:
    """One area's row of a run, with what is needed to say where it comes from."""

    run_id: int
    run_name: str
    spec_id: str
    spec_name: str
    level: str
    year: int
    finished_at: dt.datetime | None
    n_draws: int
    top_k: int | None
    direction: str
    status: str
    n_ranked: int
    score: float | None = None
    rank: float | None = None
    rank_median: float | None = None
    rank_p05: float | None = None
    rank_p95: float | None = None
    class_value: float | None = None
    n_classes: int | None = None
    p_top_k: float | None = None
    bar: dict[str, float] | None = None
    drivers: tuple[Driver, ...] = ()
    driver_kind: str | None = None
    withheld: int = 0


def area_index(
    session: Session, *, code: str, hidden: Collection[tuple[str, int]] = ()
) -> AreaIndex | None:
    """Area ``code`` in the reference run; None when no run is finished yet.

    Parameters
    ----------
    hidden
        ``(indicator id, year)`` cells a public page hides; those indicators are left out of
        the drivers and counted in ``withheld``.
    """
    run = reference_run(session)
    if run is None:
        return None
    names = {
        row.id: (row.name_sv, row.name_en or row.name_sv)
        for row in session.execute(select(Indicator.id, Indicator.name_sv, Indicator.name_en))
    }
    return index_of(run, code, names=names, hidden=hidden)


def index_of(
    run: IndexRun,
    code: str,
    *,
    names: dict[str, tuple[str, str]] | None = None,
    hidden: Collection[tuple[str, int]] = (),
) -> AreaIndex:
    """Area ``code``'s row of a finished ``run``; ``names`` maps indicator ids to (sv, en)."""
    spec = run_spec(run.spec_toml, source=f"index run {run.id}")
    result: dict[str, Any] = run.result or {"columns": [], "areas": {}}
    areas: dict[str, dict[str, Any]] = result["areas"]
    n_ranked = sum(1 for row in areas.values() if row.get("rank") is not None)
    classify = spec.classify
    base = AreaIndex(
        run_id=run.id, run_name=run.name, spec_id=run.spec_id, spec_name=spec.name or spec.id,
        level=run.level, year=run.year, finished_at=run.finished_at, n_draws=run.n_draws,
        top_k=run.top_k, direction=spec.direction, status=NOT_IN_RUN, n_ranked=n_ranked,
        n_classes=classify.n if classify.method == "quantile" else None,
    )  # fmt: skip
    row = areas.get(code)
    if row is None:
        return base
    if row.get("rank") is None:
        return replace(base, status=NOT_RANKED)
    normalised = result["normalised"].get(code, {}) if "normalised" in result else None
    drivers = area_drivers(spec, row, normalised)
    withheld = {c for c, year in hidden if year == run.year}
    kept = [d for d in drivers if d.kind != INDICATOR or d.column not in withheld]
    return replace(
        base,
        status=RANKED,
        score=row.get("score"),
        rank=row.get("rank"),
        rank_median=row.get("rank_median"),
        rank_p05=row.get("rank_p05"),
        rank_p95=row.get("rank_p95"),
        class_value=row.get("class"),
        p_top_k=row.get("p_top_k"),
        bar=ranking.interval_bar(
            row.get("rank_p05"), row.get("rank_p95"), row.get("rank_median"), n_ranked
        ),
        drivers=tuple(_named(d, names or {}) for d in kept),
        driver_kind=(INDICATOR if normalised is not None else GROUP) if drivers else None,
        withheld=len(drivers) - len(kept),
    )


def _named(driver: Driver, names: dict[str, tuple[str, str]]) -> Driver:
    """Indicators carry the stored indicator's names; the spec's are the fallback."""
    if driver.kind != INDICATOR or driver.column not in names:
        sv, en = names_of(driver)
    else:
        sv, en = names[driver.column]
    return replace(driver, name_sv=sv, name=en)
