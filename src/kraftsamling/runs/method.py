"""How the reference run's index is built, for the public page "Så byggs indexet".

The indicators, their direction, weights and themes come from the run's own spec, with the
names of the stored indicators; the method in words is :func:`kraftsamling.index.explain.explain`
cut into its sections; the uncertainty analysis is what :func:`kraftsamling.runs.service.
execute_run` varies (the Monte Carlo defaults, :func:`kraftsamling.index.uncertainty.
build_assumptions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.index import IndexSpec
from kraftsamling.index.explain import explain
from kraftsamling.index.mc_draws import build_assumptions
from kraftsamling.runs import reference
from kraftsamling.runs.drivers import weight_shares
from kraftsamling.runs.models import IndexRun
from kraftsamling.runs.spec_files import names_of, parse_spec_toml
from kraftsamling.stats.models import Indicator

# The explain() sections before these are the title and the indicator list, which the page
# shows as a table instead.
_SKIPPED_SECTIONS = 2


@dataclass(frozen=True)
class MethodIndicator:
    id: str
    name_sv: str
    name_en: str
    unit: str
    direction: str
    weight: float
    group: str | None
    share: float


@dataclass(frozen=True)
class MethodGroup:
    id: str
    name_sv: str
    name_en: str
    weight: float
    aggregation: str
    share: float


@dataclass(frozen=True)
class Block:
    """Sentences in a row (``kind`` "text") or the items of one list (``kind`` "list")."""

    kind: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """One part of the method in words: a heading and its blocks, in the order written."""

    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Uncertainty:
    n_draws: int
    seed: int
    top_k: int | None
    steps: tuple[str, ...]
    weight_spread: float
    leave_out_probability: float
    normalisations: tuple[str, ...]


@dataclass(frozen=True)
class IndexMethod:
    run_id: int
    spec_id: str
    name: str
    description: str
    source: str
    year: int
    finished_at: dt.datetime | None
    direction: str
    indicators: tuple[MethodIndicator, ...]
    groups: tuple[MethodGroup, ...]
    sections: tuple[Section, ...]
    uncertainty: Uncertainty
    decided: bool = False  # the current target areas were decided on this run


def index_method(session: Session, *, lang: str = "sv") -> IndexMethod | None:
    """How the reference run's index is built, in ``lang``; None before any run is finished."""
    found = reference.reference(session)
    if found is None:
        return None
    names = {
        row.id: (row.name_sv, row.name_en or row.name_sv)
        for row in session.execute(select(Indicator.id, Indicator.name_sv, Indicator.name_en))
    }
    return method_of(found.run, names=names, lang=lang, decided=found.decided)


def method_of(
    run: IndexRun, *, names: dict[str, tuple[str, str]], lang: str, decided: bool = False
) -> IndexMethod:
    """The method of ``run``'s spec; ``names`` maps stored indicator ids to (sv, en) names."""
    spec = parse_spec_toml(run.spec_toml, source=f"index run {run.id}")
    shares = weight_shares(spec)
    indicators = []
    for ind in spec.indicators:
        # The stored indicator's names first: the same the area profiles and the map use.
        sv, en = names.get(ind.column) or names_of(ind)
        indicators.append(
            MethodIndicator(ind.id, sv, en, ind.unit, ind.direction, ind.weight, ind.group,
                            shares.get(ind.id, 0.0))
        )  # fmt: skip
    shown = {i.id: i.name_en if lang == "en" else i.name_sv for i in indicators}
    groups = tuple(
        MethodGroup(g.id, *names_of(g), g.weight, g.aggregation, shares.get(g.id, 0.0))
        for g in spec.groups
    )  # fmt: skip
    source = (spec.source_sv if lang == "sv" else "") or spec.source
    return IndexMethod(
        run_id=run.id, spec_id=spec.id, name=spec.name or spec.id, description=spec.description,
        source=source, year=run.year, finished_at=run.finished_at, direction=spec.direction,
        indicators=tuple(indicators), groups=groups, sections=sections(spec, lang, shown),
        uncertainty=uncertainty(spec, run), decided=decided,
    )  # fmt: skip


def sections(
    spec: IndexSpec, lang: str, names: Mapping[str, str] | None = None
) -> tuple[Section, ...]:
    """The method parts of :func:`explain`: universe, missing values, outliers, normalisation,
    aggregation, classes, rounding (and flags and shrinkage when the spec has them).

    ``names`` (indicator id -> name in ``lang``) names the indicators as the page's table does.
    """
    text = explain(spec, lang, names=names)
    blocks = [b.strip().splitlines() for b in text.split("\n\n") if b.strip()]
    out = []
    for lines in blocks[_SKIPPED_SECTIONS:]:
        heading, *rest = lines
        out.append(Section(heading.rstrip(":"), _blocks(rest)))
    return tuple(out)


def _blocks(lines: list[str]) -> tuple[Block, ...]:
    """Runs of list items ("- ...") and of plain sentences, each kept in its place."""
    out: list[Block] = []
    for line in lines:
        kind, text = ("list", line[2:]) if line.startswith("- ") else ("text", line)
        if out and out[-1].kind == kind:
            out[-1] = Block(kind, (*out[-1].lines, text))
        else:
            out.append(Block(kind, (text,)))
    return tuple(out)


def uncertainty(spec: IndexSpec, run: IndexRun) -> Uncertainty:
    """What the run's Monte Carlo draws varied (the settings ``execute_run`` uses)."""
    assumptions = build_assumptions(spec)
    labels = assumptions.labels["normalisation"]
    return Uncertainty(
        n_draws=run.n_draws, seed=run.seed, top_k=run.top_k, steps=assumptions.steps,
        weight_spread=assumptions.weight_spread,
        leave_out_probability=assumptions.leave_out_probability,
        normalisations=tuple(label.split(" ")[0].split("[")[0] for label in labels),
    )  # fmt: skip
