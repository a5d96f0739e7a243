"""The public view of the current target areas: a server-drawn map and the decision behind it.

Every area of the decided round's level is drawn; target areas are filled with a hatched
pattern as well as a colour, so they are told apart without colour vision. Only the index
results of the decided round are shown; no statistics cell, so no disclosure control is needed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.areas.service import MAP_HEIGHT, MAP_WIDTH
from kraftsamling.areas.svg_map import Projection, bounds_of, parse_boundary, svg_path
from kraftsamling.runs.models import IndexRun
from kraftsamling.stats.models import Area
from kraftsamling.targeting.queries import TargetArea, current_targets


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    path: str
    target: bool


@dataclass(frozen=True)
class TargetsPage:
    """What ``/public/targets`` shows; ``version`` is ``None`` before the first decision."""

    version: int | None
    title: str
    finalised_at: dt.datetime | None
    rationale: str
    decision_ref: str | None
    run_year: int | None
    k: int | None
    # The index run's k that the targets' p_top_k refers to (see queries.CurrentTargets).
    top_k: int | None
    targets: tuple[TargetArea, ...]
    shapes: tuple[MapShape, ...]
    width: int
    height: int
    synthetic: bool


def targets_page(session: Session, *, with_map: bool = True) -> TargetsPage:
    """The current target areas with their map (none unless ``with_map``), or an empty page
    before any decision."""
    current = current_targets(session)
    if current is None:
        return TargetsPage(None, "", None, "", None, None, None, None, (), (), MAP_WIDTH,
                           MAP_HEIGHT, False)  # fmt: skip
    rnd = current.round
    run = session.execute(
        select(IndexRun.level, IndexRun.year).where(IndexRun.id == rnd.index_run_id)
    ).one_or_none()
    level = run.level if run is not None else "sub_area"
    of_level = Area.level == level
    shapes: tuple[MapShape, ...] = ()
    if with_map:
        areas = list(session.scalars(select(Area).where(of_level)))
        shapes = _shapes(areas, {a.code for a in current.areas})
    synthetic = session.scalar(select(Area.id).where(of_level, Area.synthetic.is_(True)).limit(1))
    return TargetsPage(
        version=rnd.version, title=rnd.title, finalised_at=rnd.finalised_at,
        rationale=rnd.rationale or "", decision_ref=rnd.decision_ref,
        run_year=run.year if run is not None else None, k=rnd.k, top_k=current.top_k,
        targets=current.areas, shapes=shapes, width=MAP_WIDTH, height=MAP_HEIGHT,
        synthetic=synthetic is not None,
    )  # fmt: skip


def _shapes(areas: list[Area], targets: set[str]) -> tuple[MapShape, ...]:
    with_shape = [(a, parse_boundary(a.boundary)) for a in areas if a.boundary]
    if not with_shape:
        return ()
    projection = Projection.fit(bounds_of(g for _, g in with_shape), MAP_WIDTH, MAP_HEIGHT)
    ordered = sorted(with_shape, key=lambda pair: (pair[0].name, pair[0].code))
    return tuple(
        MapShape(a.code, a.name, svg_path(g, projection), a.code in targets) for a, g in ordered
    )
