"""Pages and JSON API of index runs: list, create (stored or uploaded spec), ranking with its
map, compare; and, through :mod:`kraftsamling.runs.public`, the public page on the method.

Runs are computed on a worker thread (see :mod:`kraftsamling.runs.worker`); tests put an inline
executor on ``app.state.run_executor``.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts.models import User
from kraftsamling.accounts.roles import Role
from kraftsamling.accounts.schemas import ErrorResponse
from kraftsamling.areas import service as area_service
from kraftsamling.areas.display import HELPERS
from kraftsamling.core.errors import InvalidInput, NotFound
from kraftsamling.runs import public, ranking, service, spec_files, views, worker
from kraftsamling.runs.models import IndexRun, RunStatus
from kraftsamling.runs.schemas import RunCreate, RunDetail, RunPublic
from kraftsamling.web.deps import (
    PAGE_DEPENDENCIES,
    ConfigDep,
    CurrentUser,
    RecordId,
    SessionDep,
    request_id,
    require_role,
)
from kraftsamling.web.page_cache import render_cached
from kraftsamling.web.templating import error_text, render

MAX_UPLOAD_BYTES = 256 * 1024
# Slow enough to read the page between reloads; the page also offers to stop them.
REFRESH_SECONDS = 5

pages = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)
api = APIRouter(
    prefix="/api/v1/index-runs",
    tags=["index runs"],
    responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
)
CreatorUser = Annotated[User, Depends(require_role(Role.ADMIN, Role.COORDINATOR))]


def _submit(request: Request, run_id: int) -> None:
    worker.submit_run(request.app, run_id)


def _spec_folder(request: Request) -> Path:
    """``app.state.spec_folder`` when set, else the specs packaged with the code."""
    folder: Path | None = getattr(request.app.state, "spec_folder", None)
    return folder or spec_files.STORED_SPECS_DIR


def _can_create(user: User) -> bool:
    return user.role_enum in (Role.ADMIN, Role.COORDINATOR)


# ------------------------------------------------------------------------------ pages


@pages.get("/index-runs")
def run_list(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    context = {"runs": service.list_runs(db), "can_create": _can_create(user)}
    return render(request, "runs/list.html", context)


def _form(
    request: Request, db: SessionDep, *, error: str | None = None, values: dict[str, Any]
) -> Response:
    stored = spec_files.stored_specs(_spec_folder(request))
    choices = views.spec_choices(db, stored)
    runnable = [c.key for c in choices if c.runnable]
    default = "malmo_utsatthet" if "malmo_utsatthet" in runnable else next(iter(runnable), "")
    inputs = next((s.inputs for s in stored if s.key == (values.get("spec") or default)), None)
    years = service.year_choices(db, inputs)
    context = {
        "specs": [c for c in choices if c.runnable],
        "unavailable": [c for c in choices if not c.runnable],
        "years": years.years,
        "thin_years": years.thin,
        "max_draws": service.MAX_DRAWS,
        "max_seed": service.MAX_INT,
        "error": error,
        "values": {"spec": default, "year": str(years.default or ""), "n_draws": "200",
                   "seed": "0", "top_k": "", "name": "", **values},
    }  # fmt: skip
    return render(request, "runs/new.html", context, status_code=422 if error else 200)


@pages.get("/index-runs/new")
def run_form(request: Request, db: SessionDep, user: CreatorUser) -> Response:
    return _form(request, db, values={})


@pages.post("/index-runs")
async def run_create(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    user: CreatorUser,
    year: Annotated[str, Form()] = "",
    spec: Annotated[str, Form()] = "",
    n_draws: Annotated[str, Form()] = "200",
    seed: Annotated[str, Form()] = "0",
    top_k: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    spec_file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    values = {"spec": spec, "year": year, "n_draws": n_draws, "seed": seed, "top_k": top_k,
              "name": name}  # fmt: skip
    try:
        numbers = views.parse_run_form(year=year, n_draws=n_draws, seed=seed, top_k=top_k)
        text, source = await _spec_text(spec, spec_file, _spec_folder(request))
        run = service.create_run(
            db, spec_toml=text, year=numbers.year, n_draws=numbers.n_draws, seed=numbers.seed,
            top_k=numbers.top_k, user=user, name=name, source=source,
            request_id=request_id(request), clock=config.clock,
        )  # fmt: skip
    except (InvalidInput, NotFound) as exc:
        db.rollback()
        return _form(request, db, error=error_text(request, exc), values=values)
    db.commit()  # the worker reads the run with its own session
    _submit(request, run.id)
    return RedirectResponse(f"/index-runs/{run.id}", status_code=303)


async def _spec_text(key: str, upload: UploadFile | None, folder: Path) -> tuple[str, str]:
    """An uploaded file wins over the stored spec chosen in the list."""
    if upload is not None and upload.filename:
        raw = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise InvalidInput(
                f"the spec file {upload.filename!r} is larger than {MAX_UPLOAD_BYTES} bytes.",
                key="runs.error.upload_size", file=upload.filename, kb=MAX_UPLOAD_BYTES // 1024,
            )  # fmt: skip
        try:
            return raw.decode("utf-8"), upload.filename
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"the spec file {upload.filename!r} is not UTF-8 text ({exc.reason}).",
                key="runs.error.upload_text",
                file=upload.filename,
            ) from exc
    if not key:
        raise InvalidInput(
            "choose a stored spec or upload a TOML spec file.", key="runs.error.no_spec"
        )
    return spec_files.stored_spec_toml(key, folder), f"{key}.toml"


@pages.get("/index-runs/compare")
def run_compare(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    a: str | None = None,
    b: str | None = None,
) -> Response:
    """Query ids are parsed here, so that a wrong one re-renders the form with its message."""
    done = [r for r in service.list_runs(db) if r.status == RunStatus.DONE.value]
    context: dict[str, Any] = {"runs": done, "a": None, "b": None, "result": None,
                               "error": None, **HELPERS}  # fmt: skip
    run_a = run_b = None
    status = 200
    try:
        run_a, run_b = views.run_id("a", a), views.run_id("b", b)
        if run_a is not None and run_b is not None:
            context["result"] = views.compare_pair(db, a=run_a, b=run_b)
    except (InvalidInput, NotFound) as exc:
        context["error"] = error_text(request, exc)
        status = 404 if isinstance(exc, NotFound) else 422
    if done:  # the form still offers the runs after a wrong id
        context["a"], context["b"] = views.default_pair(done, run_a, run_b)
    return render(request, "runs/compare.html", context, status_code=status)


def _detail(db: Session, run_id: int, sort: str, order: str) -> dict[str, Any]:
    """The run page's context: the run, and its ranking and map once it is done."""
    run = service.get_run(db, run_id)
    running = run.status in (RunStatus.QUEUED.value, RunStatus.RUNNING.value)
    context: dict[str, Any] = {"run": run, "running": running, "refresh": REFRESH_SECONDS,
                               "auto_refresh": True, "sort": sort, "order": order, "rows": [],
                               "groups": [], "failure_text": views.failure_text}  # fmt: skip
    if run.status == RunStatus.DONE.value and run.result:
        rows = ranking.ranking_rows(run.result, sort=sort, order=order)
        n = sum(1 for r in rows if r.get("rank") is not None)
        for row in rows:
            row["bar"] = ranking.interval_bar(
                row.get("rank_p05"), row.get("rank_p95"), row.get("rank_median"), n
            )
        scores = {row["area_code"]: row.get("score") for row in rows}
        spec = spec_files.run_spec(run.spec_toml, source=f"index run {run.id}")
        names = {g.id: spec_files.names_of(g) for g in spec.groups}
        context.update(rows=rows, groups=ranking.group_columns(run.result, names), n_ranked=n,
                       sort_keys=ranking.SORT_KEYS, by_code={r["area_code"]: r for r in rows},
                       map=area_service.value_map(db, level=run.level, values=scores),
                       **HELPERS)  # fmt: skip
    return context


@pages.get("/index-runs/{run_id}")
def run_detail(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    run_id: RecordId,
    sort: str = "rank",
    order: str = "asc",
    refresh: str = "on",
) -> Response:
    """A run that is still computing reloads itself every few seconds unless ``refresh=off``."""
    status = db.scalar(select(IndexRun.status).where(IndexRun.id == run_id))
    if status == RunStatus.DONE.value:  # only a finished run's page can be kept
        build = partial(_detail, db, run_id, sort, order)
        return render_cached(request, db, "runs/detail.html", build)
    context = _detail(db, run_id, sort, order)
    context["auto_refresh"] = refresh != "off"
    response = render(request, "runs/detail.html", context)
    if context["running"] and context["auto_refresh"]:
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response


# -------------------------------------------------------------------------------- API


def _public(run: IndexRun) -> RunPublic:
    return RunPublic.model_validate(run)


@api.get("", response_model=list[RunPublic])
def api_list(db: SessionDep, user: CurrentUser) -> list[RunPublic]:
    """Every run, newest first, without rankings."""
    return [_public(r) for r in service.list_runs(db)]


@api.get("/{run_id}", response_model=RunDetail)
def api_get(db: SessionDep, user: CurrentUser, run_id: RecordId) -> RunDetail:
    """One run with its ranking (rows sorted by rank; empty until the run is done)."""
    run = service.get_run(db, run_id)
    done = run.status == RunStatus.DONE.value
    rows = ranking.ranking_rows(run.result) if done and run.result else []
    return RunDetail(**_public(run).model_dump(), areas=rows)


@api.post("", response_model=RunPublic, status_code=202)
def api_create(
    request: Request, db: SessionDep, config: ConfigDep, user: CreatorUser, body: RunCreate
) -> RunPublic:
    """Queue a run; poll ``GET /api/v1/index-runs/{id}`` until ``status`` is done or failed."""
    if (body.spec is None) == (body.spec_toml is None):
        raise InvalidInput("give exactly one of 'spec' (a stored spec key) and 'spec_toml'.")
    text = body.spec_toml
    if text is None:
        text = spec_files.stored_spec_toml(body.spec or "", _spec_folder(request))
    run = service.create_run(
        db, spec_toml=text, year=body.year, level=body.level, n_draws=body.n_draws,
        seed=body.seed, top_k=body.top_k, user=user, name=body.name,
        source=f"{body.spec}.toml" if body.spec else "spec_toml", request_id=request_id(request),
        clock=config.clock,
    )  # fmt: skip
    db.commit()
    _submit(request, run.id)
    return _public(run)


# The pages and the API together, mounted by the app factory with one include.
router = APIRouter()
router.include_router(pages)
router.include_router(api)
router.include_router(public.pages)
router.include_router(public.api)
