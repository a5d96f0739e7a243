"""The fund's JSON API: ``/api/v1/funds``, ``/api/v1/call-offs`` and ``/api/v1/public/grants``.

The same service calls and permission rules as the pages. Amounts are integer öre. A call-off
the user may not read is answered 404, as if it did not exist; an action the user may not take
is 403; a stale ``version`` or an exceeded frame is 409.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request

from kraftsamling.accounts.models import Organisation, User
from kraftsamling.accounts.roles import Role
from kraftsamling.accounts.schemas import ErrorResponse
from kraftsamling.core.errors import NotFound
from kraftsamling.decisions import service as decisions
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.funds import eligibility, open_data, queries, service, setup
from kraftsamling.funds.content import from_json
from kraftsamling.funds.models import BudgetFrame, CallOff, Fund
from kraftsamling.funds.schemas import (
    AssessIn,
    BurdenOut,
    CallOffContent,
    CallOffCreate,
    CallOffDetail,
    CallOffSummary,
    CallOffUpdate,
    DecideIn,
    DecisionOut,
    FiguresOut,
    FindingOut,
    FrameIn,
    FrameOut,
    FundOut,
    GrantOut,
    MoneyIn,
    PaymentOut,
    ReturnIn,
    RuleOut,
    Versioned,
)
from kraftsamling.funds.workflow import available
from kraftsamling.stats.models import Area
from kraftsamling.web.deps import (
    MAX_RECORD_ID,
    CurrentUser,
    RecordId,
    SessionDep,
    request_id,
    require_role,
)

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (401, 403, 404, 409, 422)
}
api = APIRouter(prefix="/api/v1", tags=["funds"], responses=_ERRORS)
public_api = APIRouter(prefix="/api/v1/public", tags=["public"], responses=_ERRORS)
CityOfficeUser = Annotated[User, Depends(require_role(Role.ADMIN, Role.COORDINATOR))]


def _clock(request: Request) -> Any:
    return request.app.state.config.clock


def frame_out(db: Session, frame: BudgetFrame) -> FrameOut:
    f = queries.figures(db, frame)
    b = queries.burden(db, frame.id)
    return FrameOut(
        id=frame.id,
        year=frame.year,
        decision=frame.decision.reference,
        figures=FiguresOut(
            amount_ore=f.amount,
            requested_ore=f.requested,
            recommended_ore=f.recommended,
            granted_ore=f.granted,
            paid_ore=f.paid,
            returned_ore=f.returned,
            remaining_ore=f.remaining,
        ),
        burden=BurdenOut(**b.__dict__),
    )


def fund_out(db: Session, fund: Fund) -> FundOut:
    return FundOut(
        id=fund.id,
        code=fund.code,
        name_sv=fund.name_sv,
        name_en=fund.name_en,
        municipality=fund.municipality,
        light_limit_ore=fund.light_limit,
        rules=[
            RuleOut(
                body=r.body,
                body_name=r.body_name,
                max_amount_ore=r.max_amount,
                delegated=r.delegated,
            )
            for r in fund.rules
        ],
        frames=[frame_out(db, f) for f in fund.frames],
    )


def summary(c: CallOff) -> CallOffSummary:
    return CallOffSummary(
        id=c.id,
        case_number=c.case_number,
        status=c.status,
        version=c.version,
        organisation=c.organisation.code,
        title=c.title,
        year=c.frame.year,
        amount_ore=c.amount,
        recommended_ore=c.recommended,
        granted_ore=c.granted,
        paid_ore=c.paid,
        decision_body=c.decision_body,
    )


def findings(db: Session, c: CallOff) -> list[eligibility.Finding]:
    return eligibility.check(from_json(c.content), queries.eligibility_context(db, c.frame))


def detail(db: Session, c: CallOff, user: User) -> CallOffDetail:
    actions = available(
        c.status_enum,
        role=user.role_enum,
        organisation_id=c.organisation_id,
        own_organisation_id=user.organisation_id,
    )
    return CallOffDetail(
        **summary(c).model_dump(),
        content=CallOffContent.of(c.content or {}),
        return_message=c.return_message,
        recommendation=c.recommendation,
        assessment=c.assessment,
        decision=c.decision.reference if c.decision else None,
        refunded_ore=c.refunded,
        released_ore=c.released,
        payments=[
            PaymentOut(kind=p.kind, amount_ore=p.amount, paid_on=p.paid_on, reference=p.reference)
            for p in c.payments
        ],
        findings=[FindingOut.of(f) for f in findings(db, c)],
        actions=[a.value for a in actions],
    )


def readable_call_off(db: Session, call_off_id: int, user: User) -> CallOff:
    """The call-off, or ``NotFound`` when the user may not read it (it is not shown to exist)."""
    c = service.get_call_off(db, call_off_id)
    if not queries.readable(c, role=user.role, organisation_id=user.organisation_id):
        raise NotFound(
            f"No call-off with id {call_off_id}.",
            key="funds.error.call_off_missing",
            call_off_id=call_off_id,
        )
    return c


# ------------------------------------------------------------------------------ funds


@api.get("/funds", response_model=list[FundOut])
def api_funds(db: SessionDep, user: CurrentUser) -> list[FundOut]:
    """Every fund with its delegation rules and its frames' live figures and burden."""
    return [fund_out(db, f) for f in queries.list_funds(db)]


@api.get("/funds/{fund_id}", response_model=FundOut)
def api_fund(db: SessionDep, user: CurrentUser, fund_id: RecordId) -> FundOut:
    return fund_out(db, setup.get_fund(db, fund_id))


@api.post("/funds/{fund_id}/frames", response_model=FrameOut, status_code=201)
def api_set_frame(
    request: Request, db: SessionDep, user: CityOfficeUser, fund_id: RecordId, body: FrameIn
) -> FrameOut:
    """Create the frame of a year or change its amount, by a registered decision."""
    frame = setup.set_frame(
        db,
        fund_id=fund_id,
        year=body.year,
        amount=body.amount_ore,
        decision_id=body.decision_id,
        user=user,
        request_id=request_id(request),
        clock=_clock(request),
    )
    db.commit()
    return frame_out(db, frame)


# --------------------------------------------------------------------------- call-offs


@api.get("/call-offs", response_model=list[CallOffSummary], tags=["call-offs"])
def api_call_offs(
    db: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_RECORD_ID)] = 0,
) -> list[CallOffSummary]:
    """The call-offs the user may read, newest first (an officer: their organisation's), at
    most ``limit`` from ``offset``."""
    rows = queries.visible_call_offs(db, role=user.role, organisation_id=user.organisation_id,
                                     limit=limit, offset=offset)  # fmt: skip
    return [summary(c) for c in rows]


@api.post("/call-offs", response_model=CallOffDetail, status_code=201, tags=["call-offs"])
def api_create(
    request: Request, db: SessionDep, user: CurrentUser, body: CallOffCreate
) -> CallOffDetail:
    """Save a new draft for the user's organisation."""
    org_id = None
    if body.organisation:
        org_id = db.scalar(select(Organisation.id).where(Organisation.code == body.organisation))
        if org_id is None:
            raise NotFound(
                f"No organisation with code {body.organisation!r}.",
                key="funds.error.organisation_missing",
                code=body.organisation,
            )
    c = service.create_call_off(
        db,
        fund_id=body.fund_id,
        year=body.year,
        content=body.to_content(),
        user=user,
        organisation_id=org_id,
        request_id=request_id(request),
        clock=_clock(request),
    )
    db.commit()
    return detail(db, c, user)


@api.get("/call-offs/{call_off_id}", response_model=CallOffDetail, tags=["call-offs"])
def api_get(db: SessionDep, user: CurrentUser, call_off_id: RecordId) -> CallOffDetail:
    """One call-off with what it still lacks and the actions the user may take on it."""
    return detail(db, readable_call_off(db, call_off_id, user), user)


@api.put("/call-offs/{call_off_id}", response_model=CallOffDetail, tags=["call-offs"])
def api_update(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: CallOffUpdate
) -> CallOffDetail:
    """Replace a draft's (or a returned call-off's) content."""
    readable_call_off(db, call_off_id, user)
    c = service.update_call_off(
        db,
        call_off_id=call_off_id,
        content=body.to_content(),
        user=user,
        version=body.version,
        request_id=request_id(request),
        clock=_clock(request),
    )
    db.commit()
    return detail(db, c, user)


def _step(
    request: Request, db: Session, user: User, call_off_id: int, fn: Any, **kw: Any
) -> CallOffDetail:
    readable_call_off(db, call_off_id, user)
    c = fn(
        db,
        call_off_id=call_off_id,
        user=user,
        request_id=request_id(request),
        clock=_clock(request),
        **kw,
    )
    db.commit()
    return detail(db, c, user)


@api.post("/call-offs/{call_off_id}/submit", response_model=CallOffDetail, tags=["call-offs"])
def api_submit(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: Versioned
) -> CallOffDetail:
    """Send a complete draft to the city office; it is given its case number."""
    return _step(request, db, user, call_off_id, service.submit, version=body.version)


@api.post("/call-offs/{call_off_id}/return", response_model=CallOffDetail, tags=["call-offs"])
def api_return(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: ReturnIn
) -> CallOffDetail:
    """Send a submitted call-off back for completion, saying what is missing."""
    return _step(
        request,
        db,
        user,
        call_off_id,
        service.return_for_completion,
        version=body.version,
        message=body.message,
    )


@api.post("/call-offs/{call_off_id}/resubmit", response_model=CallOffDetail, tags=["call-offs"])
def api_resubmit(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: Versioned
) -> CallOffDetail:
    return _step(request, db, user, call_off_id, service.resubmit, version=body.version)


@api.post("/call-offs/{call_off_id}/assess", response_model=CallOffDetail, tags=["call-offs"])
def api_assess(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: AssessIn
) -> CallOffDetail:
    """Recommend in full, in part (``partial_amount_ore``) or not, with a written assessment."""
    return _step(
        request,
        db,
        user,
        call_off_id,
        service.assess,
        version=body.version,
        recommendation=body.recommendation,
        assessment=body.assessment,
        partial_amount=body.partial_amount_ore,
    )


def decision_in(body: DecideIn) -> decisions.DecisionIn:
    return decisions.DecisionIn(
        body_kind=BodyKind.BOARD,
        body=body.body,
        meeting_date=body.meeting_date,
        heading="",
        paragraph=body.paragraph,
        text=body.text,
    )


@api.post("/call-offs/{call_off_id}/decide", response_model=CallOffDetail, tags=["call-offs"])
def api_decide(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: DecideIn
) -> CallOffDetail:
    """Record the decision of the body the delegation rules require; 409 when the grant would
    exceed what remains of the frame."""
    return _step(
        request,
        db,
        user,
        call_off_id,
        service.decide,
        version=body.version,
        granted=body.granted,
        amount=body.amount_ore,
        decision=decision_in(body),
    )


@api.post("/call-offs/{call_off_id}/payments", response_model=CallOffDetail, tags=["call-offs"])
def api_pay(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: MoneyIn
) -> CallOffDetail:
    """Register a payment; 409 beyond what is granted and unpaid."""
    return _step(
        request,
        db,
        user,
        call_off_id,
        service.pay,
        amount=body.amount_ore,
        paid_on=body.paid_on,
        reference=body.reference,
    )


@api.post("/call-offs/{call_off_id}/refunds", response_model=CallOffDetail, tags=["call-offs"])
def api_refund(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: MoneyIn
) -> CallOffDetail:
    """Register money paid back; it flows back to the frame."""
    return _step(
        request,
        db,
        user,
        call_off_id,
        service.refund,
        amount=body.amount_ore,
        paid_on=body.paid_on,
        reference=body.reference,
    )


@api.post("/call-offs/{call_off_id}/reporting", response_model=CallOffDetail, tags=["call-offs"])
def api_reporting(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: Versioned
) -> CallOffDetail:
    return _step(request, db, user, call_off_id, service.start_reporting, version=body.version)


@api.post("/call-offs/{call_off_id}/close", response_model=CallOffDetail, tags=["call-offs"])
def api_close(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: Versioned
) -> CallOffDetail:
    """Close a granted call-off; its unpaid part flows back to the frame."""
    return _step(request, db, user, call_off_id, service.close, version=body.version)


@api.post("/call-offs/{call_off_id}/withdraw", response_model=CallOffDetail, tags=["call-offs"])
def api_withdraw(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, body: Versioned
) -> CallOffDetail:
    return _step(request, db, user, call_off_id, service.withdraw, version=body.version)


# --------------------------------------------------------------------------- decisions


def decision_out(d: Any) -> DecisionOut:
    return DecisionOut(
        id=d.id,
        body=d.body,
        body_kind=d.body_kind,
        meeting_date=d.meeting_date,
        paragraph=d.paragraph,
        case_number=d.case_number,
        heading=d.heading,
        text=d.text,
        reference=d.reference,
        invented=d.invented,
    )


@api.get("/decisions", response_model=list[DecisionOut], tags=["decisions"])
def api_decisions(db: SessionDep, user: CurrentUser) -> list[DecisionOut]:
    """The decision register, newest meeting first."""
    return [decision_out(d) for d in decisions.list_decisions(db)]


@public_api.get("/decisions", response_model=list[DecisionOut])
def api_public_decisions(db: SessionDep) -> list[DecisionOut]:
    """The public decisions of the register, without logging in."""
    return [decision_out(d) for d in decisions.list_decisions(db, public_only=True)]


# ------------------------------------------------------------------------------ public


def public_grants(db: Session) -> list[dict[str, Any]]:
    names = {code: name for code, name in db.execute(select(Area.code, Area.name))}
    return [open_data.grant(c, area_names=names) for c in queries.granted(db)]


@public_api.get("/grants", response_model=list[GrantOut])
def api_public_grants(
    db: SessionDep, format: Annotated[str, Query(pattern="^(json|csv)$")] = "json"
) -> Any:
    """Granted call-offs as open data in the 360Giving Data Standard's field names; ``?format=csv``
    for the standard's spreadsheet columns. Internal assessments are never included."""
    grants = public_grants(db)
    if format == "csv":
        return Response(
            open_data.grants_csv(grants),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="grants.csv"'},
        )
    return grants


router = APIRouter()
router.include_router(api)
router.include_router(public_api)
