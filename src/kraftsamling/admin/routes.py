"""Pages and JSON API of admin: browsing the audit trail (coordinators and admins) and its export.

``/admin/audit`` filters by account, action, object and day, newest first, fifty entries a
page; ``/admin/audit.csv`` exports every matching entry and records the export in the trail;
``/api/v1/audit`` is the JSON twin of the page.

The export is a form (POST, with the session's CSRF token), not a link: it writes an audit
entry, so another site must not be able to make a coordinator's browser ask for it. A GET of
the export's address, from an old link or a log-in that interrupted an export, leads to the
page with the same filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts.models import User, actor_of
from kraftsamling.accounts.roles import Role
from kraftsamling.accounts.schemas import ErrorResponse
from kraftsamling.admin import service, views
from kraftsamling.admin.schemas import AuditEntryPublic, AuditPagePublic
from kraftsamling.admin.service import AuditPage, CheckedEntry, InvalidFilter
from kraftsamling.web.deps import PAGE_DEPENDENCIES, ConfigDep, SessionDep, request_id, require_role
from kraftsamling.web.templating import page_language, render

pages = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)
api = APIRouter(
    prefix="/api/v1/audit",
    tags=["audit"],
    responses={
        401: {"model": ErrorResponse},
        403: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    },
)
AuditReader = Annotated[User, Depends(require_role(Role.ADMIN, Role.COORDINATOR))]
FormText = Annotated[str | None, Form()]


def _url(path: str, values: Mapping[str, str], **extra: int) -> str:
    query = urlencode({**values, **{k: str(v) for k, v in extra.items()}})
    return f"{path}?{query}" if query else path


# ------------------------------------------------------------------------------ pages


def _page(
    request: Request,
    db: SessionDep,
    values: dict[str, str],
    *,
    result: AuditPage | None = None,
    problems: tuple[service.FilterProblem, ...] = (),
) -> Response:
    lang = page_language(request)
    links: dict[str, str | None] = {}
    if result is not None:
        links["previous"] = (
            _url("/admin/audit", values, page=result.page - 1) if result.has_previous else None
        )
        links["next"] = (
            _url("/admin/audit", values, page=result.page + 1) if result.has_next else None
        )
    choices = service.filter_choices(db)
    context: dict[str, Any] = {
        "values": values,
        "actors": choices.actors,
        "actions": views.labelled(lang, "action", choices.actions),
        "object_types": views.labelled(lang, "object", choices.object_types),
        "result": result,
        "problems": problems,
        "invalid": {p.field for p in problems},
        "links": links,
        "label": lambda kind, code: views.label(lang, kind, code),
        "compact": views.compact,
    }
    return render(request, "admin/audit.html", context, status_code=422 if problems else 200)


@pages.get("/admin/audit")
def audit_page(request: Request, db: SessionDep, user: AuditReader) -> Response:
    values = service.clean_values(request.query_params)
    try:
        filters = service.parse_filters(request.query_params, known=service.PAGE_PARAMETERS)
        page, per_page = service.parse_page(request.query_params.get("page"))
    except InvalidFilter as exc:
        return _page(request, db, values, problems=exc.problems)
    result = service.browse(db, filters, page=page, per_page=per_page)
    return _page(request, db, values, result=result)


@pages.get("/admin/audit.csv")
def audit_csv_link(request: Request, user: AuditReader) -> Response:
    values = service.clean_values(request.query_params)
    return RedirectResponse(_url("/admin/audit", values), status_code=303)


@pages.post("/admin/audit.csv")
def audit_csv(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    user: AuditReader,
    actor_id: FormText = None,
    action: FormText = None,
    object_type: FormText = None,
    object_id: FormText = None,
    date_from: FormText = None,
    date_to: FormText = None,
) -> Response:
    given = {"actor_id": actor_id, "action": action, "object_type": object_type,
             "object_id": object_id, "date_from": date_from, "date_to": date_to}  # fmt: skip
    values = service.clean_values(given)
    try:
        filters = service.parse_filters(given)
    except InvalidFilter as exc:
        return _page(request, db, values, problems=exc.problems)
    text, _ = service.export_csv(
        db, filters, by=actor_of(user), request_id=request_id(request), clock=config.clock
    )
    # The export is recorded before the data leaves, never after.
    db.commit()
    day = config.clock().astimezone(service.LOCAL_ZONE).date()
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="audit-{day:%Y%m%d}.csv"'},
    )


# -------------------------------------------------------------------------------- API


def _public(checked: CheckedEntry) -> AuditEntryPublic:
    e = checked.entry
    return AuditEntryPublic(
        id=e.id, at=e.at.astimezone(dt.UTC), actor_id=e.actor_id, actor_label=e.actor_label,
        action=e.action, object_type=e.object_type, object_id=e.object_id, before=e.before,
        after=e.after, request_id=e.request_id, decision_ref=e.decision_ref, hash=e.hash,
        prev_hash=e.prev_hash, verified=checked.verified,
        problem=checked.problem.message if checked.problem else None,
    )  # fmt: skip


@api.get("", response_model=AuditPagePublic)
def api_audit(
    request: Request,
    db: SessionDep,
    user: AuditReader,
    actor_id: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: str | None = None,
    per_page: str | None = None,
) -> AuditPagePublic:
    """Entries matching the filters, newest first; dates are days in Sweden, ``date_to``
    inclusive. Bad values are refused with 422 naming each one."""
    given = {"actor_id": actor_id, "action": action, "object_type": object_type,
             "object_id": object_id, "date_from": date_from, "date_to": date_to}  # fmt: skip
    filters = service.parse_filters(given)
    number, size = service.parse_page(page, per_page)
    result = service.browse(db, filters, page=number, per_page=size)
    values = {**service.clean_values(given), "per_page": str(size)}
    return AuditPagePublic(
        items=[_public(c) for c in result.entries],
        page=result.page,
        per_page=result.per_page,
        total=result.total,
        pages=result.pages,
        next=_url("/api/v1/audit", values, page=number + 1) if result.has_next else None,
        previous=_url("/api/v1/audit", values, page=number - 1) if result.has_previous else None,
    )


# The pages and the API together, mounted by the app factory with one include.
router = APIRouter()
router.include_router(pages)
router.include_router(api)
