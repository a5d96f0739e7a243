"""The fund's pages: the fund and its frames, call-offs from draft to closing, the board's
meeting list and papers, the report of delegated decisions, the inbox, and the public pages.

The same service calls and permission rules as the JSON API (:mod:`kraftsamling.funds.api`):
a call-off the user may not read is 404. Every action form carries the call-off's version, so
a stale or repeated form is refused (409) and changes nothing. After a successful form the
page redirects (303) to the call-off with ``?done=<action>``, shown in one place under the
heading; a refused form re-renders with the message in the page's language (422 bad input,
403 refusal, 409 an exceeded frame or a stale form) and what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts import inbox as notes
from kraftsamling.accounts.models import User
from kraftsamling.accounts.roles import Role
from kraftsamling.core.errors import BudgetExceeded, Conflict, InvalidInput, PermissionDenied
from kraftsamling.core.files import MAX_BYTES, MEDIA_TYPES
from kraftsamling.decisions import service as decisions
from kraftsamling.funds import attachments, board, papers, queries, service, views
from kraftsamling.funds.api import readable_call_off
from kraftsamling.funds.locking import lock_frame
from kraftsamling.funds.models import CallOff
from kraftsamling.funds.money import parse_kronor
from kraftsamling.funds.setup import get_fund
from kraftsamling.funds.workflow import STEPS, Action, Status, ensure_may
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
from kraftsamling.web.i18n import translate
from kraftsamling.web.page_cache import render_cached
from kraftsamling.web.templating import error_text, page_language, render

pages = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)
CityOfficeUser = Annotated[User, Depends(require_role(Role.ADMIN, Role.COORDINATOR))]
ApplicantUser = Annotated[User, Depends(require_role(Role.ADMIN, Role.OFFICER))]
# Who reads the board's papers: the city office, admins and the politicians (viewers).
BoardReader = Annotated[User, Depends(require_role(Role.ADMIN, Role.COORDINATOR, Role.VIEWER))]
FormText = Annotated[str, Form()]
DraftForm = Annotated[views.CallOffForm, Form()]
REFUSALS = (InvalidInput, PermissionDenied, Conflict, BudgetExceeded)
DONE = frozenset(
    {
        "create",
        "edit",
        "submit",
        "resubmit",
        "return",
        "assess",
        "decide",
        "pay",
        "refund",
        "reporting",
        "close",
        "withdraw",
        "attach",
    }
)


def _clock(request: Request) -> Any:
    return request.app.state.config.clock


def _today(request: Request) -> dt.date:
    return _clock(request)().date()


def _status(exc: Exception) -> int:
    if isinstance(exc, PermissionDenied):
        return 403
    return 409 if isinstance(exc, Conflict | BudgetExceeded) else 422


def _version(text: str) -> int:
    return whole("version", text, key="funds.form.version", low=0)


def _download(data: bytes, filename: str, kind: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(
        data, media_type=MEDIA_TYPES[kind], headers={"Content-Disposition": disposition}
    )


# ------------------------------------------------------------------------- the fund


@pages.get("/fund")
def fund_page(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    # The same for every user of a role until the data changes: served from the page cache.
    def build() -> dict[str, Any]:
        funds = [views.fund_overview(db, f) for f in queries.list_funds(db)]
        return {"funds": funds, **views.helpers()}

    return render_cached(request, db, "funds/fund.html", build)


@pages.get("/fund/call-offs")
def call_off_list(
    request: Request, db: SessionDep, user: CurrentUser, status: str = ""
) -> Response:
    rows = queries.visible_call_offs(db, role=user.role, organisation_id=user.organisation_id)
    chosen = status if status in set(Status) else ""
    if chosen:
        rows = [c for c in rows if c.status == chosen]
    context = {
        "rows": rows,
        "status": chosen,
        "statuses": [s.value for s in Status],
        "can_create": user.role_enum in (Role.ADMIN, Role.OFFICER),
        **views.helpers(),
    }
    return render(request, "funds/list.html", context)


def _form_page(
    request: Request,
    db: Session,
    *,
    values: dict[str, Any],
    call_off: CallOff | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        **views.form_context(db, lang=page_language(request)),
        "values": values,
        "errors": errors or {},
        "c": call_off,
    }
    return render(request, "funds/form.html", context, status_code=status_code)


@pages.get("/fund/call-offs/new")
def call_off_new(request: Request, db: SessionDep, user: ApplicantUser) -> Response:
    frames = views.open_frames(db)
    year = _today(request).year
    frame = next((f for f in frames if f.year == year), frames[-1] if frames else None)
    values = views.typed_values(views.CallOffForm(frame=str(frame.id) if frame else ""))
    return _form_page(request, db, values=values)


@pages.post("/fund/call-offs")
def call_off_create(
    request: Request, db: SessionDep, user: ApplicantUser, form: DraftForm
) -> Response:
    parsed = views.parse_form(form, lang=page_language(request))
    values = views.typed_values(form)
    frame = next((f for f in views.open_frames(db) if f.id == parsed.frame_id), None)
    if frame is None and "frame" not in parsed.errors:
        parsed.errors["frame"] = error_text(request, InvalidInput(key="funds.form.no_frame"))
    if parsed.errors or frame is None:
        return _form_page(request, db, values=values, errors=parsed.errors, status_code=422)
    try:
        c = service.create_call_off(
            db,
            fund_id=frame.fund_id,
            year=frame.year,
            content=parsed.content,
            user=user,
            request_id=request_id(request),
            clock=_clock(request),
        )
    except REFUSALS as exc:
        db.rollback()
        errors = {"form": error_text(request, exc)}
        return _form_page(request, db, values=values, errors=errors, status_code=_status(exc))
    db.commit()
    return RedirectResponse(f"/fund/call-offs/{c.id}?done=create", status_code=303)


def _detail(
    request: Request,
    db: Session,
    user: User,
    call_off_id: int,
    *,
    form: str | None = None,
    error: Exception | None = None,
    values: dict[str, Any] | None = None,
    done: str = "",
) -> Response:
    c = readable_call_off(db, call_off_id, user)
    context = views.detail_context(db, c, user, lang=page_language(request))
    findings = getattr(error, "findings", None)
    context.update(
        form=form,
        error=error_text(request, error) if error else None,
        values=values or {},
        done=done if done in DONE else "",
        refused_findings=bool(findings),
        today=_today(request).isoformat(),
    )
    return render(
        request, "funds/detail.html", context, status_code=_status(error) if error else 200
    )


@pages.get("/fund/call-offs/{call_off_id}")
def call_off_detail(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, done: str = ""
) -> Response:
    return _detail(request, db, user, call_off_id, done=done)


@pages.get("/fund/call-offs/{call_off_id}/edit")
def call_off_edit_form(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId
) -> Response:
    c = readable_call_off(db, call_off_id, user)
    ensure_may(Action.EDIT, role=user.role_enum, own_organisation_id=user.organisation_id,
               organisation_id=c.organisation_id)  # fmt: skip
    if c.status_enum not in STEPS[Action.EDIT].sources:  # submitted meanwhile: show where it is
        return RedirectResponse(f"/fund/call-offs/{c.id}", status_code=303)
    return _form_page(request, db, values=views.stored_values(c), call_off=c)


@pages.post("/fund/call-offs/{call_off_id}/edit")
def call_off_edit(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId, form: DraftForm
) -> Response:
    c = readable_call_off(db, call_off_id, user)
    parsed = views.parse_form(form, lang=page_language(request))
    values = views.typed_values(form)
    parsed.errors.pop("frame", None)  # a call-off stays in its frame
    if parsed.errors:
        return _form_page(
            request, db, values=values, call_off=c, errors=parsed.errors, status_code=422
        )
    try:
        service.update_call_off(
            db,
            call_off_id=c.id,
            content=parsed.content,
            user=user,
            version=_version(form.version),
            request_id=request_id(request),
            clock=_clock(request),
        )
    except REFUSALS as exc:
        db.rollback()
        c = readable_call_off(db, call_off_id, user)
        errors = {"form": error_text(request, exc)}
        if isinstance(exc, Conflict):
            values["version"] = str(c.version)  # the form is shown again on the new version
        return _form_page(
            request, db, values=values, call_off=c, errors=errors, status_code=_status(exc)
        )
    db.commit()
    return RedirectResponse(f"/fund/call-offs/{c.id}?done=edit", status_code=303)


# ------------------------------------------------------------------ workflow steps


def _act(
    request: Request,
    db: Session,
    user: User,
    call_off_id: int,
    name: str,
    step: Callable[[], object],
    values: dict[str, Any],
) -> Response:
    """Run one workflow step (parsing included); redirect on success, re-render if refused."""
    readable_call_off(db, call_off_id, user)
    try:
        step()
    except REFUSALS as exc:
        db.rollback()
        return _detail(request, db, user, call_off_id, form=name, error=exc, values=values)
    db.commit()
    return RedirectResponse(f"/fund/call-offs/{call_off_id}?done={name}", status_code=303)


def _kw(request: Request, user: User, call_off_id: int) -> dict[str, Any]:
    return {
        "call_off_id": call_off_id,
        "user": user,
        "request_id": request_id(request),
        "clock": _clock(request),
    }


def _confirm(
    request: Request, c: CallOff, name: str, action: str, fields: dict[str, str]
) -> Response:
    """The no-JavaScript confirmation of an irreversible step: the same form, once more."""
    context = {"c": c, "name": name, "action": action, "fields": fields}
    return render(request, "funds/confirm.html", context)


@pages.post("/fund/call-offs/{call_off_id}/submit")
def call_off_submit(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
) -> Response:
    def step() -> object:
        return service.submit(db, version=_version(version), **_kw(request, user, call_off_id))

    return _act(request, db, user, call_off_id, "submit", step, {})


@pages.post("/fund/call-offs/{call_off_id}/resubmit")
def call_off_resubmit(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
) -> Response:
    def step() -> object:
        return service.resubmit(db, version=_version(version), **_kw(request, user, call_off_id))

    return _act(request, db, user, call_off_id, "resubmit", step, {})


@pages.post("/fund/call-offs/{call_off_id}/return")
def call_off_return(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
    message: FormText = "",
) -> Response:
    def step() -> object:
        return service.return_for_completion(
            db, message=message, version=_version(version), **_kw(request, user, call_off_id)
        )

    return _act(request, db, user, call_off_id, "return", step, {"message": message})


@pages.post("/fund/call-offs/{call_off_id}/assess")
def call_off_assess(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
    recommendation: FormText = "",
    partial_amount: FormText = "",
    assessment: FormText = "",
) -> Response:
    lang = page_language(request)

    def step() -> object:
        partial = None
        if recommendation == "partial":
            partial = parse_kronor(translate(lang, "funds.field.partial_amount"), partial_amount)
        return service.assess(
            db,
            recommendation=recommendation,
            assessment=assessment,
            partial_amount=partial,
            version=_version(version),
            **_kw(request, user, call_off_id),
        )

    values = {
        "recommendation": recommendation,
        "partial_amount": partial_amount,
        "assessment": assessment,
    }
    return _act(request, db, user, call_off_id, "assess", step, values)


@pages.post("/fund/call-offs/{call_off_id}/decide")
def call_off_decide(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
    outcome: FormText = "",
    amount: FormText = "",
    body: FormText = "",
    meeting_date: FormText = "",
    paragraph: FormText = "",
    text: FormText = "",
    confirm: FormText = "",
) -> Response:
    lang = page_language(request)
    values = {
        "outcome": outcome,
        "amount": amount,
        "body": body,
        "meeting_date": meeting_date,
        "paragraph": paragraph,
        "text": text,
    }
    if outcome == "reject" and confirm != "yes":
        c = readable_call_off(db, call_off_id, user)
        return _confirm(
            request, c, "reject", f"/fund/call-offs/{c.id}/decide", {**values, "version": version}
        )

    def step() -> object:
        if outcome not in ("grant", "reject"):
            raise InvalidInput("Choose to grant or to reject.", key="funds.form.outcome")
        grant = None
        if outcome == "grant" and amount.strip():
            grant = parse_kronor(translate(lang, "funds.field.grant"), amount)
        c = service.get_call_off(db, call_off_id)
        rule = next((r for r in c.frame.fund.rules if r.body == body), None)
        if rule is None:
            raise InvalidInput("Choose the deciding body.", key="funds.form.body")
        decision = decisions.DecisionIn(
            body_kind=views.body_kind(rule),
            body=rule.body,
            meeting_date=iso_date("meeting_date", meeting_date, key="funds.form.date"),
            heading="",
            paragraph=paragraph or None,
            text=text,
        )
        return service.decide(
            db,
            granted=outcome == "grant",
            amount=grant,
            decision=decision,
            version=_version(version),
            **_kw(request, user, call_off_id),
        )

    return _act(request, db, user, call_off_id, "decide", step, values)


def _still(db: Session, call_off_id: int, version: int) -> None:
    """Refuse a payment form shown on another version: the service checks the version of the
    other steps itself; a payment's is checked here, under the frame's lock."""
    c = service.get_call_off(db, call_off_id)
    lock_frame(db, c.frame_id)
    db.refresh(c)
    if c.version != version:
        raise service.StaleForm(
            f"Call-off {c.id} changed since the form was shown; nothing was changed.",
            key="funds.error.stale",
            call_off_id=c.id,
        )


def _money_step(
    request: Request,
    db: Session,
    user: User,
    call_off_id: int,
    name: str,
    fn: Callable[..., object],
    version: str,
    amount: str,
    paid_on: str,
    reference: str,
) -> Response:
    lang = page_language(request)

    def step() -> object:
        ore = parse_kronor(translate(lang, "funds.field.money"), amount)
        day = iso_date("paid_on", paid_on, key="funds.form.date")
        _still(db, call_off_id, _version(version))
        return fn(
            db, amount=ore, paid_on=day, reference=reference, **_kw(request, user, call_off_id)
        )

    values = {"amount": amount, "paid_on": paid_on, "reference": reference}
    return _act(request, db, user, call_off_id, name, step, values)


@pages.post("/fund/call-offs/{call_off_id}/pay")
def call_off_pay(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
    amount: FormText = "",
    paid_on: FormText = "",
    reference: FormText = "",
) -> Response:
    return _money_step(
        request, db, user, call_off_id, "pay", service.pay, version, amount, paid_on, reference
    )


@pages.post("/fund/call-offs/{call_off_id}/refund")
def call_off_refund(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
    amount: FormText = "",
    paid_on: FormText = "",
    reference: FormText = "",
) -> Response:
    return _money_step(
        request,
        db,
        user,
        call_off_id,
        "refund",
        service.refund,
        version,
        amount,
        paid_on,
        reference,
    )


@pages.post("/fund/call-offs/{call_off_id}/reporting")
def call_off_reporting(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
) -> Response:
    def step() -> object:
        return service.start_reporting(
            db, version=_version(version), **_kw(request, user, call_off_id)
        )

    return _act(request, db, user, call_off_id, "reporting", step, {})


def _final_step(
    request: Request,
    db: Session,
    user: User,
    call_off_id: int,
    name: str,
    fn: Callable[..., object],
    version: str,
    confirm: str,
) -> Response:
    if confirm != "yes":
        c = readable_call_off(db, call_off_id, user)
        return _confirm(request, c, name, f"/fund/call-offs/{c.id}/{name}", {"version": version})

    def step() -> object:
        return fn(db, version=_version(version), **_kw(request, user, call_off_id))

    return _act(request, db, user, call_off_id, name, step, {})


@pages.post("/fund/call-offs/{call_off_id}/close")
def call_off_close(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
    confirm: FormText = "",
) -> Response:
    return _final_step(request, db, user, call_off_id, "close", service.close, version, confirm)


@pages.post("/fund/call-offs/{call_off_id}/withdraw")
def call_off_withdraw(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    version: FormText = "",
    confirm: FormText = "",
) -> Response:
    return _final_step(
        request, db, user, call_off_id, "withdraw", service.withdraw, version, confirm
    )


# ---------------------------------------------------------------------- attachments


@pages.post("/fund/call-offs/{call_off_id}/attachments")
def call_off_attach(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    call_off_id: RecordId,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    def step() -> object:
        data = file.file.read(MAX_BYTES + 1) if file is not None else b""
        name = (file.filename or "") if file is not None else ""
        return attachments.attach(db, filename=name, data=data, **_kw(request, user, call_off_id))

    return _act(request, db, user, call_off_id, "attach", step, {})


@pages.get("/fund/call-offs/{call_off_id}/attachments/{attachment_id}")
def call_off_attachment(
    db: SessionDep, user: CurrentUser, call_off_id: RecordId, attachment_id: RecordId
) -> Response:
    readable_call_off(db, call_off_id, user)
    found = attachments.attachment_of(db, call_off_id, attachment_id)
    return _download(found.data, found.filename, found.kind)


# ---------------------------------------------------------------------- the papers


def _memo(request: Request, db: Session, user: User, call_off_id: int) -> papers.Memo:
    c = readable_call_off(db, call_off_id, user)
    if c.recommendation is None:
        raise InvalidInput(
            f"Call-off {c.id} has not been assessed; its memo is written after the assessment.",
            key="funds.error.memo_not_assessed",
        )
    author = db.get(User, c.assessed_by) if c.assessed_by else None
    return board.memo(db, c, author=author or user, date=_today(request))


def _memo_name(c: CallOff, kind: str) -> str:
    return f"tjansteskrivelse-{c.case_number or c.id}.{kind}"


@pages.get("/fund/call-offs/{call_off_id}/memo.docx")
def memo_docx(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId
) -> Response:
    data = papers.memo_docx(_memo(request, db, user, call_off_id))
    return _download(data, _memo_name(service.get_call_off(db, call_off_id), "docx"), "docx")


@pages.get("/fund/call-offs/{call_off_id}/memo.pdf")
def memo_pdf(
    request: Request, db: SessionDep, user: CurrentUser, call_off_id: RecordId
) -> Response:
    data = papers.memo_pdf(_memo(request, db, user, call_off_id))
    return _download(data, _memo_name(service.get_call_off(db, call_off_id), "pdf"), "pdf")


def _meeting(request: Request, db: Session, body: str, date: str) -> dict[str, Any]:
    """The meeting the query names (the board and today by default), and its list."""
    day = iso_date("date", date, key="funds.form.date") if date else _today(request)
    frame = views.frame_for(db, None, day.year)
    if frame is None:
        return {"frame": None, "day": day, "body": body, "rules": [], "rows": [], "paper": None}
    rules = frame.fund.rules
    code = body if any(r.body == body for r in rules) else rules[-1].body
    paper = board.decision_list(db, frame, body=code, meeting_date=day)
    rows = list(zip(views.meeting_rows(db, frame, code), paper.rows, strict=True))
    return {"frame": frame, "day": day, "body": code, "rules": rules, "rows": rows, "paper": paper}


def _meeting_page(
    request: Request,
    db: Session,
    meeting: dict[str, Any],
    *,
    error: Exception | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    context = {
        **meeting,
        "error": error_text(request, error) if error else None,
        "values": values or {},
        "done": request.query_params.get("done") == "decided",
        **views.helpers(),
    }
    return render(
        request, "funds/meeting.html", context, status_code=_status(error) if error else 200
    )


@pages.get("/fund/meetings")
def meeting_page(
    request: Request, db: SessionDep, user: BoardReader, body: str = "", date: str = ""
) -> Response:
    try:
        meeting = _meeting(request, db, body, date)
    except InvalidInput as exc:
        meeting = _meeting(request, db, body, "")
        return _meeting_page(request, db, meeting, error=exc, values={"date": date})
    return _meeting_page(request, db, meeting)


def _paper_name(meeting: dict[str, Any], kind: str) -> str:
    return f"beslutslista-{meeting['body']}-{meeting['day'].isoformat()}.{kind}"


@pages.get("/fund/meetings.docx")
def meeting_docx(
    request: Request, db: SessionDep, user: BoardReader, body: str = "", date: str = ""
) -> Response:
    meeting = _meeting(request, db, body, date)
    if meeting["paper"] is None:
        raise InvalidInput("There is no budget frame.", key="funds.form.no_frame")
    return _download(
        papers.decision_list_docx(meeting["paper"]), _paper_name(meeting, "docx"), "docx"
    )


@pages.get("/fund/meetings.xlsx")
def meeting_xlsx(
    request: Request, db: SessionDep, user: BoardReader, body: str = "", date: str = ""
) -> Response:
    meeting = _meeting(request, db, body, date)
    if meeting["paper"] is None:
        raise InvalidInput("There is no budget frame.", key="funds.form.no_frame")
    return _download(
        papers.decision_list_xlsx(meeting["paper"]), _paper_name(meeting, "xlsx"), "xlsx"
    )


@pages.post("/fund/meetings")
def meeting_decide(
    request: Request,
    db: SessionDep,
    user: CityOfficeUser,
    body: FormText = "",
    date: FormText = "",
    paragraph: FormText = "",
    text: FormText = "",
    call_off: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    version: Annotated[list[str], Form()] = [],  # noqa: B006
    outcome: Annotated[list[str], Form()] = [],  # noqa: B006
    amount: Annotated[list[str], Form()] = [],  # noqa: B006
) -> Response:
    lang = page_language(request)
    values = {
        "paragraph": paragraph,
        "text": text,
        "rows": dict(zip(call_off, zip(outcome, amount, strict=False), strict=False)),
    }
    try:
        meeting = _meeting(request, db, body, date)
        frame = meeting["frame"]
        if frame is None:
            raise InvalidInput("There is no budget frame.", key="funds.form.no_frame")
        rule = next(r for r in frame.fund.rules if r.body == meeting["body"])
        items = []
        for cid, ver, out, amt in zip(call_off, version, outcome, amount, strict=True):
            if out == "skip":
                continue
            grant = None
            if out == "grant" and amt.strip():
                grant = parse_kronor(translate(lang, "funds.field.grant"), amt)
            items.append(
                (
                    whole("call_off", cid, key="funds.form.version"),
                    _version(ver),
                    out == "grant",
                    grant,
                )
            )
        decision = decisions.DecisionIn(
            body_kind=views.body_kind(rule),
            body=rule.body,
            meeting_date=meeting["day"],
            heading=f"Avrop ur {frame.fund.name_sv} {frame.year}",
            paragraph=paragraph or None,
            text=text,
        )
        service.decide_list(
            db,
            items=items,
            decision=decision,
            user=user,
            request_id=request_id(request),
            clock=_clock(request),
        )
    except (*REFUSALS, ValueError) as exc:
        db.rollback()
        shown = exc if not isinstance(exc, ValueError) else InvalidInput(key="funds.form.list")
        try:
            meeting = _meeting(request, db, body, date)
        except InvalidInput:
            meeting = _meeting(request, db, body, "")
        return _meeting_page(request, db, meeting, error=shown, values=values)
    db.commit()
    query = f"body={quote(meeting['body'])}&date={meeting['day'].isoformat()}&done=decided"
    return RedirectResponse(f"/fund/meetings?{query}", status_code=303)


def _report(request: Request, db: Session, start: str, end: str) -> dict[str, Any]:
    today = _today(request)
    first = (
        iso_date("from", start, key="funds.form.date") if start else today.replace(month=1, day=1)
    )
    last = iso_date("to", end, key="funds.form.date") if end else today
    funds = queries.list_funds(db)
    report = (
        board.delegation_report(db, get_fund(db, funds[0].id), start=first, end=last)
        if funds
        else None
    )
    return {"report": report, "start": first, "end": last}


@pages.get("/fund/delegated")
def delegated_page(
    request: Request,
    db: SessionDep,
    user: BoardReader,
    start: Annotated[str, Query(alias="from")] = "",
    end: Annotated[str, Query(alias="to")] = "",
) -> Response:
    error = None
    try:
        context = _report(request, db, start, end)
    except InvalidInput as exc:
        error, context = error_text(request, exc), _report(request, db, "", "")
    context.update(error=error, typed={"from": start, "to": end}, **views.helpers())
    return render(request, "funds/delegated.html", context, status_code=422 if error else 200)


def _report_file(request: Request, db: Session, start: str, end: str, kind: str) -> Response:
    context = _report(request, db, start, end)
    if context["report"] is None:
        raise InvalidInput("There is no fund.", key="funds.form.no_frame")
    maker = papers.delegation_report_docx if kind == "docx" else papers.delegation_report_xlsx
    name = f"delegationsbeslut-{context['start'].isoformat()}-{context['end'].isoformat()}.{kind}"
    return _download(maker(context["report"]), name, kind)


@pages.get("/fund/delegated.docx")
def delegated_docx(
    request: Request,
    db: SessionDep,
    user: BoardReader,
    start: Annotated[str, Query(alias="from")] = "",
    end: Annotated[str, Query(alias="to")] = "",
) -> Response:
    return _report_file(request, db, start, end, "docx")


@pages.get("/fund/delegated.xlsx")
def delegated_xlsx(
    request: Request,
    db: SessionDep,
    user: BoardReader,
    start: Annotated[str, Query(alias="from")] = "",
    end: Annotated[str, Query(alias="to")] = "",
) -> Response:
    return _report_file(request, db, start, end, "xlsx")


# -------------------------------------------------------------------------- the inbox


@pages.get("/inbox")
def inbox_page(request: Request, db: SessionDep, user: CurrentUser, done: str = "") -> Response:
    context = {"notes": notes.inbox(db, user.id), "done": done == "read", **views.helpers()}
    return render(request, "funds/inbox.html", context)


@pages.post("/inbox/read")
def inbox_read(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    notes.mark_read(db, user.id, at=_clock(request)())
    db.commit()
    return RedirectResponse("/inbox?done=read", status_code=303)


# ---------------------------------------------------------------------- public pages


@pages.get("/public/fund")
def public_fund(request: Request, db: SessionDep, user: OptionalUser) -> Response:
    def build() -> dict[str, Any]:
        return {**views.public_context(db), **views.helpers()}

    return render_cached(request, db, "funds/public.html", build)


@pages.get("/public/decisions")
def public_decisions(request: Request, db: SessionDep, user: OptionalUser) -> Response:
    def build() -> dict[str, Any]:
        return {"decisions": decisions.list_decisions(db, public_only=True)}

    return render_cached(request, db, "funds/decisions.html", build)


router = APIRouter()
router.include_router(pages)
