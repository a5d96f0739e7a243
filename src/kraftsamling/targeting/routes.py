"""Pages and JSON API of targeting: selection rounds, their consultation, and the public targets.

Every form posts to its own URL and redirects back to the round (303); a refused form re-renders
the round with the message next to that form, in the reader's language (422 for bad input, 403
for a refusal), and with what was typed, so nothing is lost.

The current target areas are public: ``/public/targets`` and its JSON twin
``/api/v1/public/targets`` need no login.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts.models import User
from kraftsamling.accounts.roles import Role
from kraftsamling.accounts.schemas import ErrorResponse
from kraftsamling.core.errors import InvalidInput, NotFound, PermissionDenied
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.decisions.service import DecisionIn
from kraftsamling.targeting import public, queries, service, views
from kraftsamling.targeting.models import SelectionRound
from kraftsamling.targeting.rules import EDITABLE, RoundStatus
from kraftsamling.targeting.schemas import (
    AreaPublic,
    CancelRequest,
    CommentCreate,
    CommentPublic,
    ConsultationOpen,
    CurrentTargetsPublic,
    FinaliseRequest,
    InvitationPublic,
    PublicTargetsOut,
    RoundCreate,
    RoundDetail,
    RoundPublic,
    SelectionUpdate,
    TargetAreaPublic,
)
from kraftsamling.web.deps import (
    PAGE_DEPENDENCIES,
    CurrentUser,
    OptionalUser,
    RecordId,
    SessionDep,
    request_id,
    require_role,
)
from kraftsamling.web.forms import iso_date, whole
from kraftsamling.web.page_cache import render_cached
from kraftsamling.web.templating import error_text, render

pages = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)
api = APIRouter(
    prefix="/api/v1/targeting",
    tags=["targeting"],
    responses={
        401: {"model": ErrorResponse}, 403: {"model": ErrorResponse},
        404: {"model": ErrorResponse}, 422: {"model": ErrorResponse},
    },
)  # fmt: skip
public_api = APIRouter(
    prefix="/api/v1/public",
    tags=["public"],
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
CityOfficeUser = Annotated[User, Depends(require_role(Role.ADMIN, Role.COORDINATOR))]
FormText = Annotated[str, Form()]
FormList = Annotated[list[str] | None, Form()]
# What a form handler shows next to its form; anything else goes to the error page.
REFUSALS = (InvalidInput, PermissionDenied, NotFound)
CANCEL_REASON_KEYS = ("targeting.error.cancel_reason_short", "targeting.error.cancel_reason_long")


def _clock(request: Request) -> Any:
    return request.app.state.config.clock


def _status(exc: Exception) -> int:
    return 403 if isinstance(exc, PermissionDenied) else 422


# ------------------------------------------------------------------------------ pages


@pages.get("/targeting")
def round_list(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    context = {
        "rounds": queries.list_rounds(db),
        "current": queries.current_targets(db),
        "can_create": user.role_enum in (Role.ADMIN, Role.COORDINATOR),
        **views.helpers(),
    }
    return render(request, "targeting/list.html", context)


def _new_form(
    request: Request, db: SessionDep, *, error: str | None = None, values: dict[str, Any]
) -> Response:
    runs = queries.finished_runs(db)
    defaults = {"run_id": runs[0].id if runs else "", "k": 10, "title": ""}
    context = {"runs": runs, "error": error, "values": {**defaults, **values}}
    return render(request, "targeting/new.html", context, status_code=422 if error else 200)


@pages.get("/targeting/new")
def round_form(request: Request, db: SessionDep, user: CityOfficeUser) -> Response:
    return _new_form(request, db, values={})


@pages.post("/targeting")
def round_create(
    request: Request,
    db: SessionDep,
    user: CityOfficeUser,
    run_id: FormText = "",
    k: FormText = "",
    title: FormText = "",
) -> Response:
    values = {"run_id": run_id, "k": k, "title": title}
    try:
        rnd = service.create_round(
            db, run_id=whole("run_id", run_id, key="targeting.error.run_id"),
            k=whole("k", k, key="targeting.error.k_format"), title=title,
            user=user, request_id=request_id(request), clock=_clock(request),
        )  # fmt: skip
    except REFUSALS as exc:
        db.rollback()
        return _new_form(request, db, error=error_text(request, exc), values=values)
    db.commit()
    return RedirectResponse(f"/targeting/{rnd.id}", status_code=303)


def _detail(
    request: Request,
    db: SessionDep,
    user: User,
    round_id: int,
    *,
    form: str | None = None,
    error: Exception | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    rnd = queries.get_round(db, round_id)
    context = views.detail_context(db, rnd, user, clock=_clock(request))
    shown = error_text(request, error) if error else None
    context.update(form=form, error=shown, values=values or {})
    if form == "comment" and user.role_enum is not Role.VIEWER:
        # Keep the refused comment's form, even past the deadline, so the text is not lost.
        context["comment_orgs"] = views.comment_organisations(rnd, user) or [user.organisation]
    return render(request, "targeting/detail.html", context,
                  status_code=_status(error) if error else 200)  # fmt: skip


def _back(round_id: int, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/targeting/{round_id}#{anchor}", status_code=303)


@pages.get("/targeting/{round_id}")
def round_detail(
    request: Request, db: SessionDep, user: CurrentUser, round_id: RecordId
) -> Response:
    return _detail(request, db, user, round_id)


@pages.post("/targeting/{round_id}/areas")
def round_areas(
    request: Request,
    db: SessionDep,
    user: CityOfficeUser,
    round_id: RecordId,
    selected: FormList = None,
) -> Response:
    try:
        service.set_selection(db, round_id=round_id, selected=selected or [], user=user,
                              request_id=request_id(request), clock=_clock(request))  # fmt: skip
    except REFUSALS as exc:
        db.rollback()
        return _detail(request, db, user, round_id, form="areas", error=exc,
                       values={"selected": selected or []})  # fmt: skip
    db.commit()
    return _back(round_id, "areas")


@pages.post("/targeting/{round_id}/consultation")
def round_consultation(
    request: Request,
    db: SessionDep,
    user: CityOfficeUser,
    round_id: RecordId,
    organisations: FormList = None,
    deadline: FormText = "",
) -> Response:
    try:
        service.open_consultation(
            db, round_id=round_id, organisation_codes=organisations or [],
            deadline=iso_date("deadline", deadline, key="targeting.error.deadline_format"),
            user=user, request_id=request_id(request), clock=_clock(request),
        )  # fmt: skip
    except REFUSALS as exc:
        db.rollback()
        values = {"organisations": organisations or [], "deadline": deadline}
        return _detail(request, db, user, round_id, form="consultation", error=exc, values=values)
    db.commit()
    return _back(round_id, "consultation")


@pages.post("/targeting/{round_id}/comments")
def round_comment(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    round_id: RecordId,
    stance: FormText = "",
    text: FormText = "",
    area_code: FormText = "",
    organisation: FormText = "",
) -> Response:
    try:
        service.add_comment(
            db, round_id=round_id, user=user, stance=stance, text=text,
            area_code=area_code or None, organisation_code=organisation or None,
            request_id=request_id(request), clock=_clock(request),
        )  # fmt: skip
    except REFUSALS as exc:
        db.rollback()
        values = {"stance": stance, "text": text, "area_code": area_code,
                  "organisation": organisation}  # fmt: skip
        return _detail(request, db, user, round_id, form="comment", error=exc, values=values)
    db.commit()
    return _back(round_id, "comments")


def _heading(db: Session, round_id: int) -> str:
    return f"Målområden: {queries.get_round(db, round_id).title}"[:300]


def _decision_form(db: Session, round_id: int, values: dict[str, str]) -> DecisionIn | None:
    """The decision record the finalise form describes; None when its fields are left empty."""
    fields = ("decision_body", "decision_date", "decision_paragraph", "decision_case")
    if not any(values[f].strip() for f in fields):
        return None
    if not values["decision_body"].strip() or not values["decision_date"].strip():
        raise InvalidInput(
            "A decision needs the deciding body and the meeting date.",
            key="targeting.error.decision_partial",
        )
    try:
        kind = BodyKind(values["decision_kind"])
    except ValueError:
        kind = BodyKind.BOARD
    return DecisionIn(
        body_kind=kind, body=values["decision_body"],
        meeting_date=iso_date("decision_date", values["decision_date"],
                              key="targeting.error.decision_date"),
        heading=_heading(db, round_id), paragraph=values["decision_paragraph"] or None,
        case_number=values["decision_case"] or None,
    )  # fmt: skip


@pages.post("/targeting/{round_id}/finalise")
def round_finalise(
    request: Request,
    db: SessionDep,
    user: CityOfficeUser,
    round_id: RecordId,
    rationale: FormText = "",
    decision_ref: FormText = "",
    decision_kind: FormText = "board",
    decision_body: FormText = "",
    decision_date: FormText = "",
    decision_paragraph: FormText = "",
    decision_case: FormText = "",
) -> Response:
    values = {"rationale": rationale, "decision_ref": decision_ref,
              "decision_kind": decision_kind, "decision_body": decision_body,
              "decision_date": decision_date, "decision_paragraph": decision_paragraph,
              "decision_case": decision_case}  # fmt: skip
    try:
        decision = _decision_form(db, round_id, values)
        service.finalise_round(
            db, round_id=round_id, rationale=rationale, decision_ref=decision_ref or None,
            decision=decision, user=user, request_id=request_id(request), clock=_clock(request),
        )  # fmt: skip
    except REFUSALS as exc:
        db.rollback()
        return _detail(request, db, user, round_id, form="finalise", error=exc, values=values)
    db.commit()
    return _back(round_id, "decision")


def _cancel_page(
    request: Request,
    db: SessionDep,
    round_id: int,
    *,
    reason: str = "",
    error: Exception | None = None,
) -> Response:
    context = {
        "round": queries.get_round(db, round_id), "reason": reason,
        "error": error_text(request, error) if error else None,
        "min_reason": service.MIN_CANCEL_REASON, "max_reason": service.MAX_CANCEL_REASON,
    }  # fmt: skip
    return render(request, "targeting/cancel.html", context, status_code=422 if error else 200)


@pages.get("/targeting/{round_id}/cancel")
def round_cancel_confirm(
    request: Request, db: SessionDep, user: CityOfficeUser, round_id: RecordId
) -> Response:
    """What cancelling does, and the form with the reason: a round is never cancelled in one
    click. A round that can no longer be cancelled shows the round page with why."""
    rnd = queries.get_round(db, round_id)
    if RoundStatus(rnd.status) not in EDITABLE:
        return _back(round_id, "decision")
    return _cancel_page(request, db, round_id)


@pages.post("/targeting/{round_id}/cancel")
def round_cancel(
    request: Request, db: SessionDep, user: CityOfficeUser, round_id: RecordId,
    reason: FormText = "",
) -> Response:  # fmt: skip
    try:
        service.cancel_round(db, round_id=round_id, user=user, reason=reason,
                             request_id=request_id(request), clock=_clock(request))  # fmt: skip
    except REFUSALS as exc:
        db.rollback()
        if getattr(exc, "key", None) in CANCEL_REASON_KEYS:  # the round can still be cancelled
            return _cancel_page(request, db, round_id, reason=reason, error=exc)
        return _detail(request, db, user, round_id, form="cancel", error=exc)
    db.commit()
    return _back(round_id, "decision")


@pages.get("/public/targets")
def public_targets(request: Request, db: SessionDep, user: OptionalUser) -> Response:
    def build() -> dict[str, Any]:
        return {"page": public.targets_page(db), **views.helpers()}

    return render_cached(request, db, "targeting/public.html", build)


# -------------------------------------------------------------------------------- API


def _public(rnd: SelectionRound) -> RoundPublic:
    return RoundPublic.model_validate(rnd)


def _full(db: Session, rnd: SelectionRound) -> RoundDetail:
    invitations = [
        InvitationPublic(organisation=i.organisation.code, organisation_name=i.organisation.name_sv,
                         invited_at=i.invited_at)
        for i in rnd.invitations
    ]  # fmt: skip
    comments = [_comment(c) for c in rnd.comments]
    return RoundDetail(
        **_public(rnd).model_dump(), areas=[AreaPublic.model_validate(a) for a in rnd.areas],
        invitations=invitations, comments=comments,
        top_k=queries.run_top_k(db, rnd.index_run_id),
    )  # fmt: skip


def _comment(c: Any) -> CommentPublic:
    return CommentPublic(
        id=c.id, organisation=c.organisation.code, organisation_name=c.organisation.name_sv,
        author_name=c.author.name, stance=c.stance, text=c.text, area_code=c.area_code,
        created_at=c.created_at,
    )  # fmt: skip


@api.get("/rounds", response_model=list[RoundPublic])
def api_list(db: SessionDep, user: CurrentUser) -> list[RoundPublic]:
    """Every selection round, newest first, without areas and comments."""
    return [_public(r) for r in queries.list_rounds(db)]


@api.post("/rounds", response_model=RoundDetail, status_code=201)
def api_create(
    request: Request, db: SessionDep, user: CityOfficeUser, body: RoundCreate
) -> RoundDetail:
    """Propose the ``k`` best-ranked areas of a finished index run as a new draft round."""
    rnd = service.create_round(
        db, run_id=body.index_run_id, k=body.k, title=body.title, user=user,
        request_id=request_id(request), clock=_clock(request),
    )  # fmt: skip
    db.commit()
    return _full(db, rnd)


@api.get("/rounds/{round_id}", response_model=RoundDetail)
def api_get(db: SessionDep, user: CurrentUser, round_id: RecordId) -> RoundDetail:
    """One round with its areas (rank order), invitations and comments."""
    return _full(db, queries.get_round(db, round_id))


@api.post("/rounds/{round_id}/areas", response_model=RoundDetail)
def api_areas(
    request: Request,
    db: SessionDep,
    user: CityOfficeUser,
    round_id: RecordId,
    body: SelectionUpdate,
) -> RoundDetail:
    """Replace the round's selection (draft or consultation only)."""
    rnd = service.set_selection(db, round_id=round_id, selected=body.selected, user=user,
                                request_id=request_id(request), clock=_clock(request))  # fmt: skip
    db.commit()
    return _full(db, rnd)


@api.post("/rounds/{round_id}/consultation", response_model=RoundDetail)
def api_consultation(
    request: Request,
    db: SessionDep,
    user: CityOfficeUser,
    round_id: RecordId,
    body: ConsultationOpen,
) -> RoundDetail:
    """Invite committees or companies to comment until ``deadline``; again to add or move it."""
    rnd = service.open_consultation(
        db, round_id=round_id, organisation_codes=body.organisations, deadline=body.deadline,
        user=user, request_id=request_id(request), clock=_clock(request),
    )  # fmt: skip
    db.commit()
    return _full(db, rnd)


@api.post("/rounds/{round_id}/comments", response_model=CommentPublic, status_code=201)
def api_comment(
    request: Request, db: SessionDep, user: CurrentUser, round_id: RecordId, body: CommentCreate
) -> CommentPublic:
    """Comment for an invited organisation, up to and including the deadline."""
    comment = service.add_comment(
        db, round_id=round_id, user=user, stance=body.stance.value, text=body.text,
        area_code=body.area_code, organisation_code=body.organisation,
        request_id=request_id(request), clock=_clock(request),
    )  # fmt: skip
    db.commit()
    return _comment(comment)


@api.post("/rounds/{round_id}/finalise", response_model=RoundDetail)
def api_finalise(
    request: Request,
    db: SessionDep,
    user: CityOfficeUser,
    round_id: RecordId,
    body: FinaliseRequest,
) -> RoundDetail:
    """Decide the round with a rationale; it becomes the current target areas (new version)."""
    rnd = service.finalise_round(
        db, round_id=round_id, rationale=body.rationale, decision_ref=body.decision_ref,
        decision=body.decision.to_decision(_heading(db, round_id)) if body.decision else None,
        user=user, request_id=request_id(request), clock=_clock(request),
    )  # fmt: skip
    db.commit()
    return _full(db, rnd)


@api.post("/rounds/{round_id}/cancel", response_model=RoundDetail)
def api_cancel(
    request: Request, db: SessionDep, user: CityOfficeUser, round_id: RecordId, body: CancelRequest
) -> RoundDetail:
    """Stop a draft or a round in consultation without a decision; ``reason`` is audited."""
    rnd = service.cancel_round(db, round_id=round_id, user=user, reason=body.reason,
                               request_id=request_id(request), clock=_clock(request))  # fmt: skip
    db.commit()
    return _full(db, rnd)


@api.get("/current", response_model=CurrentTargetsPublic)
def api_current(db: SessionDep, user: CurrentUser) -> CurrentTargetsPublic:
    """The current target areas: the selected areas of the newest finalised round."""
    current = queries.current_targets(db)
    if current is None:
        return CurrentTargetsPublic(round=None, areas=[], top_k=None)
    areas = [TargetAreaPublic.model_validate(a) for a in current.areas]
    return CurrentTargetsPublic(round=_public(current.round), areas=areas, top_k=current.top_k)


@public_api.get("/targets", response_model=PublicTargetsOut)
def api_public_targets(db: SessionDep) -> PublicTargetsOut:
    """The current target areas as ``/public/targets`` shows them, without logging in.

    Only the decision and the index results it rests on; the consultation's comments and who
    proposed or decided the round stay internal. ``version`` is null before the first decision.
    """
    return PublicTargetsOut.of(public.targets_page(db, with_map=False))


# The pages and the APIs together, mounted by the app factory with one include.
router = APIRouter()
router.include_router(pages)
router.include_router(api)
router.include_router(public_api)
