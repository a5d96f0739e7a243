"""Use cases of stored index runs: create, execute (in the background), list, read, compare.

A run is created ``queued`` in the request's transaction; :func:`execute_run` then computes it
with its own sessions (it runs on a worker thread, after the request has been answered) and
stores its progress as it goes, so the run page can show how far it has come. Runs a stopped
server left ``queued`` or ``running`` are queued again by :func:`requeue_unfinished` when the
next one starts (see :mod:`kraftsamling.runs.worker`).

The *reference run* (:func:`reference_run`) is the run the current target areas were decided
on, else the newest finished run at level ``sub_area``: the area profiles and the public page on
how the index is built describe that run.

Stored spec files are found by :mod:`kraftsamling.runs.spec_files`.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts.models import User, actor_of
from kraftsamling.core import audit
from kraftsamling.core.db import transaction
from kraftsamling.core.errors import InvalidInput, KraftsamlingError, NotFound
from kraftsamling.index import (
    CompositeIndex,
    IndexResult,
    IndexSpec,
    MonteCarlo,
    compare,
)
from kraftsamling.index.result import Comparison
from kraftsamling.runs.models import IndexRun, RunStatus
from kraftsamling.runs.spec_files import parse_spec_toml
from kraftsamling.stats import coverage
from kraftsamling.stats.levels import parse_level
from kraftsamling.stats.models import Area, Indicator, Observation

log = logging.getLogger(__name__)

MAX_DRAWS = 10_000
# Seeds and counts are stored in 32-bit integer columns (PostgreSQL ``integer``).
MAX_INT = 2**31 - 1
Clock = Callable[[], dt.datetime]


def input_columns(spec: IndexSpec) -> list[str]:
    """The stored indicators a spec reads: every required column except the id."""
    return [c for c in spec.required_columns() if c != spec.id_column]


def available_years(session: Session, level: str = "sub_area") -> list[int]:
    """Years with observations at ``level``, newest first."""
    query = (
        select(Observation.year)
        .join(Area, Observation.area_id == Area.id)
        .where(Area.level == parse_level(level).value)
        .distinct()
        .order_by(Observation.year.desc())
    )
    return list(session.scalars(query))


def count_areas(session: Session, *, year: int, level: str = "sub_area") -> int:
    """Areas at ``level`` with any observation in ``year``: no more than these can be ranked."""
    return (
        session.scalar(
            select(func.count(func.distinct(Observation.area_id)))
            .join(Area, Observation.area_id == Area.id)
            .where(Area.level == parse_level(level).value, Observation.year == year)
        )
        or 0
    )


def create_run(
    session: Session,
    *,
    spec_toml: str,
    year: int,
    level: str = "sub_area",
    n_draws: int = 200,
    seed: int = 0,
    top_k: int | None = None,
    user: User | None,
    name: str | None = None,
    source: str = "spec",
    request_id: str | None = None,
    clock: Clock = audit.utc_now,
) -> IndexRun:
    """Validate a spec and its inputs and store a ``queued`` run (audited); compute it later.

    Raises
    ------
    SpecError
        When the TOML is not a valid spec.
    InvalidInput
        When the spec reads indicators that are not stored, the year has no observations at
        ``level``, or ``n_draws``, ``seed`` or ``top_k`` are out of range (``top_k`` may be at
        most the number of areas with observations in ``year``).
    """
    spec = parse_spec_toml(spec_toml, source=source)
    lvl = parse_level(level).value
    _check_numbers(n_draws=n_draws, seed=seed, top_k=top_k)
    _check_inputs(session, spec, year=year, level=lvl)
    _check_top_k(session, top_k, year=year, level=lvl)
    run = IndexRun(
        name=(name or "").strip()[:200] or f"{spec.name or spec.id} {year}",
        spec_toml=spec_toml, spec_id=spec.id[:100], spec_hash=spec.spec_hash,
        year=year, level=lvl, status=RunStatus.QUEUED.value, progress=0,
        created_by=user.id if user else None, created_at=clock(),
        n_draws=n_draws, seed=seed, top_k=top_k,
    )  # fmt: skip
    session.add(run)
    session.flush()
    actor = actor_of(user) if user else audit.SYSTEM
    after = {
        "name": run.name, "spec_id": run.spec_id, "spec_hash": run.spec_hash, "year": year,
        "level": lvl, "n_draws": n_draws, "seed": seed, "top_k": top_k,
    }  # fmt: skip
    audit.record(
        session, actor=actor, action="create", object_type="index_run", object_id=run.id,
        after=after, request_id=request_id, clock=clock,
    )  # fmt: skip
    return run


def _check_numbers(*, n_draws: int, seed: int, top_k: int | None) -> None:
    if not 1 <= n_draws <= MAX_DRAWS:
        raise InvalidInput(
            f"n_draws must be between 1 and {MAX_DRAWS} Monte Carlo draws; got {n_draws}.",
            key="runs.error.n_draws", value=n_draws, max=MAX_DRAWS,
        )  # fmt: skip
    if not 0 <= seed <= MAX_INT:
        raise InvalidInput(
            f"seed must be a whole number from 0 to {MAX_INT}; got {seed}.",
            key="runs.error.seed", value=seed, max=MAX_INT,
        )  # fmt: skip
    if top_k is not None and top_k < 1:
        raise InvalidInput(
            f"top_k must be a positive integer or empty; got {top_k}.",
            key="runs.error.top_k", value=top_k,
        )  # fmt: skip


def _check_top_k(session: Session, top_k: int | None, *, year: int, level: str) -> None:
    """A k above the number of areas would make every area "among the k most vulnerable"."""
    if top_k is None:
        return
    n = count_areas(session, year=year, level=level)
    if top_k > n:
        raise InvalidInput(
            f"top_k must be at most {n}, the number of areas at level {level} with "
            f"observations for {year}; got {top_k}.",
            key="runs.error.top_k_areas", value=top_k, n=n, year=year,
        )  # fmt: skip


def stored_indicators(session: Session) -> set[str]:
    """The ids of every stored indicator."""
    return set(session.scalars(select(Indicator.id)))


def missing_inputs(session: Session, spec: IndexSpec) -> list[str]:
    """The indicators ``spec`` reads that are not stored, in spec order."""
    needed = input_columns(spec)
    stored = set(session.scalars(select(Indicator.id).where(Indicator.id.in_(needed))))
    return [c for c in needed if c not in stored]


def _check_inputs(session: Session, spec: IndexSpec, *, year: int, level: str) -> None:
    missing = missing_inputs(session, spec)
    if missing:
        raise InvalidInput(
            f"spec '{spec.id}' reads indicator(s) {', '.join(missing)} that are not stored; "
            "import them first or change the spec.",
            key="runs.error.missing_inputs", spec=spec.id, missing=", ".join(missing),
        )  # fmt: skip
    years = available_years(session, level)
    if year not in years:
        shown = ", ".join(str(y) for y in sorted(years)) or "none"
        raise InvalidInput(
            f"there are no observations for {year} at level {level}; years with data: {shown}.",
            key="runs.error.year", value=year, years=shown if years else "–",
        )  # fmt: skip


def execute_run(
    session_factory: sessionmaker[Session],
    run_id: int,
    *,
    clock: Clock = audit.utc_now,
    n_jobs: int | None = None,
) -> None:
    """Compute a queued run from the stored observations; never raises for a failing run.

    The run ends ``done`` with its result, or ``failed`` with the error message.
    """
    with transaction(session_factory) as session:
        run = get_run(session, run_id)
        if not _claim(session, run_id):
            return  # already taken by another worker, or finished
        session.refresh(run)
        spec_toml, year, level = run.spec_toml, run.year, run.level
        n_draws, seed, top_k = run.n_draws, run.seed, run.top_k
    try:
        spec = parse_spec_toml(spec_toml)
        table = _input_table(session_factory, spec, year=year, level=level)
        base = CompositeIndex(spec).fit(table)
        ranks = base.result_.columns.get("rank")
        if ranks is None or not np.isfinite(ranks).any():
            raise no_ranked_area(year=year, level=level)
        _set_progress(session_factory, run_id, 10)
        progress = _ProgressWriter(session_factory, run_id, n_draws)
        mc = MonteCarlo(spec, n_draws=n_draws, seed=seed, top_k=top_k, n_jobs=n_jobs)
        mc.fit(table, progress=progress)
        result = base.result_.with_uncertainty(mc)
        names = dict(zip(table[spec.id_column].astype(str), table["area_name"], strict=True))
        stored = result_json(result, names)
    except Exception as exc:  # a failed run is recorded on the run, not raised in a worker
        if not isinstance(exc, KraftsamlingError):
            log.exception("index run %s failed", run_id)
        _finish(session_factory, run_id, clock, error=str(exc) or type(exc).__name__)
        return
    _finish(session_factory, run_id, clock, result=stored, data_hash=result.data_hash,
            top_k=int(mc.top_k_))  # fmt: skip


def _claim(session: Session, run_id: int) -> bool:
    """Mark a queued run ``running`` in one conditional UPDATE, so two workers that pick up
    the same run (a restart while a request submits it) cannot both compute it."""
    claimed = session.execute(
        update(IndexRun)
        .where(IndexRun.id == run_id, IndexRun.status == RunStatus.QUEUED.value)
        .values(status=RunStatus.RUNNING.value, progress=1)
    )
    return bool(getattr(claimed, "rowcount", 0))


def requeue_unfinished(session: Session, *, reset_running: bool = True) -> list[int]:
    """Queue again the runs a stopped server left unfinished; returns their ids, oldest first.

    A ``running`` run was cut off mid-way, so it is reset to ``queued`` (progress 0) and will be
    computed from the start; a ``queued`` one simply waits for the worker again. Resetting is
    only right when no process of this database can be computing anything: with several
    server processes, the launcher resets once before starting them and each process then
    passes ``reset_running=False``, taking only the queued runs.
    """
    states = [RunStatus.QUEUED.value] + ([RunStatus.RUNNING.value] if reset_running else [])
    unfinished = list(
        session.scalars(select(IndexRun).where(IndexRun.status.in_(states)).order_by(IndexRun.id))
    )
    for run in unfinished:
        if run.status == RunStatus.RUNNING.value:
            log.warning("index run %s was cut off by a restart; computing it again", run.id)
            run.status, run.progress = RunStatus.QUEUED.value, 0
    return [run.id for run in unfinished]


def _input_table(factory: sessionmaker[Session], spec: IndexSpec, *, year: int, level: str) -> Any:
    from kraftsamling.stats.service import observations_table

    table = observations_table(factory, input_columns(spec), year, level)
    if spec.id_column != "area_code":
        table = table.rename(columns={"area_code": spec.id_column})
    return table


class _ProgressWriter:
    """Stores draw progress as 10-95 %, every 5 points; the engine may call it from threads."""

    def __init__(self, factory: sessionmaker[Session], run_id: int, n_draws: int) -> None:
        self.factory, self.run_id, self.n_draws = factory, run_id, max(n_draws, 1)
        self.last = 10
        self.lock = threading.Lock()

    def __call__(self, done: int) -> None:
        percent = 10 + int(85 * min(done, self.n_draws) / self.n_draws)
        with self.lock:
            if percent < self.last + 5:
                return
            self.last = percent
            _set_progress(self.factory, self.run_id, percent)


def _set_progress(factory: sessionmaker[Session], run_id: int, percent: int) -> None:
    with transaction(factory) as session:
        session.get_one(IndexRun, run_id).progress = percent


def _finish(
    factory: sessionmaker[Session],
    run_id: int,
    clock: Clock,
    *,
    error: str | None = None,
    result: dict[str, Any] | None = None,
    data_hash: str | None = None,
    top_k: int | None = None,
) -> None:
    with transaction(factory) as session:
        run = session.get_one(IndexRun, run_id)
        run.finished_at = clock()
        if error is not None:
            run.status, run.error = RunStatus.FAILED.value, error
        else:
            run.status, run.progress, run.result = RunStatus.DONE.value, 100, result
            run.data_hash, run.top_k = data_hash, top_k
        after = {"status": run.status, "error": error, "data_hash": data_hash, "top_k": top_k}
        audit.record(
            session, actor=audit.SYSTEM, action=audit.Action.STATE_CHANGE,
            object_type="index_run", object_id=run_id, before={"status": "running"},
            after=after, clock=clock,
        )  # fmt: skip


def _number(value: float) -> float | int | None:
    v = float(value)
    if math.isnan(v):
        return None
    return int(v) if v.is_integer() and abs(v) < 2**53 else v


def result_json(result: IndexResult, names: dict[str, str]) -> dict[str, Any]:
    """``{"columns": [...], "areas": {code: {"area_name": ..., column: value}}, "normalised":
    {code: {indicator id: value}}}`` (NaN -> null).

    ``normalised`` holds each indicator's normalised value (oriented like the index), so an area
    page can show which indicators drive its score; runs stored before it was added lack it.
    """
    areas: dict[str, dict[str, Any]] = {}
    normalised: dict[str, dict[str, Any]] = {}
    for i, code in enumerate(str(x) for x in result.ids.tolist()):
        row: dict[str, Any] = {"area_name": str(names.get(code, code))}
        row.update({col: _number(values[i]) for col, values in result.columns.items()})
        areas[code] = row
        normalised[code] = {ind: _number(values[i]) for ind, values in result.normalised.items()}
    return {"columns": list(result.columns), "areas": areas, "normalised": normalised}


def list_runs(session: Session) -> list[IndexRun]:
    """Every run, newest first."""
    return list(session.scalars(select(IndexRun).order_by(IndexRun.id.desc())))


def get_run(session: Session, run_id: int) -> IndexRun:
    """The run with ``run_id``; ``NotFound`` otherwise."""
    run = session.get(IndexRun, run_id)
    if run is None:
        raise NotFound(f"No index run with id {run_id}.", key="runs.error.not_found", id=run_id)
    return run


def stored_result(run: IndexRun) -> IndexResult:
    """A finished run's ranking as an :class:`IndexResult` (for :func:`compare`)."""
    if run.status != RunStatus.DONE.value or not run.result:
        raise InvalidInput(
            f"index run {run.id} has status {run.status!r}; only a finished ('done') run "
            "has a ranking.",
            key="runs.error.not_done", id=run.id,
        )  # fmt: skip
    areas = run.result["areas"]
    ids = np.asarray(list(areas), dtype=object)
    columns = {
        col: np.asarray([np.nan if r.get(col) is None else r[col] for r in areas.values()], float)
        for col in run.result["columns"]
    }
    return IndexResult(ids=ids, id_column="area_code", columns=columns, spec_hash=run.spec_hash,
                       data_hash=run.data_hash or "")  # fmt: skip


def compare_runs(session: Session, *, a: int, b: int) -> Comparison:
    """How areas moved from run ``a`` to run ``b`` (top-k of run ``b`` when it has one)."""
    run_a, run_b = get_run(session, a), get_run(session, b)
    return compare(stored_result(run_a), stored_result(run_b), top_k=run_b.top_k)


def latest_year(
    session: Session, level: str = "sub_area", *, indicators: list[str] | None = None
) -> int | None:
    """The newest year at ``level`` that counts for ``indicators`` (the rule of
    :mod:`kraftsamling.stats.coverage`: each covers at least half of the level's areas), else
    the newest year with any observation, or ``None`` when there are none."""
    return coverage.latest_year(coverage.year_coverage(session, level=level, indicators=indicators))


def year_choices(
    session: Session, indicators: Sequence[str] | None, level: str = "sub_area"
) -> YearChoices:
    """The years a new run can be made on, newest first, with the default and the thin years
    judged on ``indicators`` (a spec's inputs; each year's own indicators when ``None``)."""
    found = coverage.year_coverage(session, level=level, indicators=indicators)
    thin = {c.year: c for c in coverage.thin_years(found)}
    years = available_years(session, level)
    return YearChoices(years, coverage.latest_year(found), thin)


@dataclass(frozen=True)
class YearChoices:
    """The years of the "new index run" form: all with data, the default, and the thin ones."""

    years: list[int]
    default: int | None
    thin: dict[int, coverage.YearCoverage]


def no_ranked_area(*, year: int, level: str) -> InvalidInput:
    """The reason a run that ranks no area fails (its message is the run's stored error)."""
    return InvalidInput(
        f"the run ranked no area: none of the areas at level {level} had enough observations "
        f"of the spec's indicators for {year} to be ranked; choose a year with statistics for "
        "more areas.",
        key="runs.error.no_ranked", year=year, level=level,
    )  # fmt: skip


def ensure_default_run(
    session_factory: sessionmaker[Session], spec_path: Path, *, n_draws: int = 200, seed: int = 0
) -> IndexRun | None:
    """Store and compute ``spec_path`` on the latest year with enough coverage of its indicators
    (:func:`latest_year`) unless an equal run already exists.

    Returns the new run, or ``None`` when one with the same spec, year, level, draws and seed
    is already stored (and not failed) or there are no observations.
    """
    text = spec_path.read_text(encoding="utf-8")
    spec = parse_spec_toml(text, source=spec_path.name)
    spec_hash = spec.spec_hash
    with transaction(session_factory) as session:
        year = latest_year(session, indicators=input_columns(spec))
        if year is None:
            return None
        existing = session.scalar(
            select(IndexRun.id).where(
                IndexRun.spec_hash == spec_hash, IndexRun.year == year,
                IndexRun.level == "sub_area", IndexRun.n_draws == n_draws, IndexRun.seed == seed,
                IndexRun.status != RunStatus.FAILED.value,
            )
        )  # fmt: skip
        if existing is not None:
            return None
        run = create_run(session, spec_toml=text, year=year, n_draws=n_draws, seed=seed,
                         user=None, source=spec_path.name)  # fmt: skip
        run_id = run.id
    execute_run(session_factory, run_id)
    with transaction(session_factory) as session:
        return get_run(session, run_id)
