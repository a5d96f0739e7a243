"""What the fund's pages need besides the service: reading the call-off form, and the figures,
checklists and choices the templates show.

Reading the form collects every problem at once (field -> message in the page's language), so
the page can list them in a summary and beside each field and keep what was typed. The
permission flags here only decide which forms a page shows; the service enforces the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User
from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.formatting import format_local_time, format_number, format_ore
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.funds import distribution, eligibility, queries
from kraftsamling.funds.attachments import attachments_of
from kraftsamling.funds.board import awaiting
from kraftsamling.funds.content import from_json
from kraftsamling.funds.eligibility import AgeBand, Content, Direction, PartnerKind, Process, Theme
from kraftsamling.funds.models import BudgetFrame, CallOff, DelegationRule, Fund
from kraftsamling.funds.money import parse_kronor
from kraftsamling.funds.setup import rule_for
from kraftsamling.funds.workflow import Action, available
from kraftsamling.stats.models import Area, Indicator
from kraftsamling.web.forms import iso_date, whole
from kraftsamling.web.i18n import describe_error, translate

ROWS = 3  # rows of expected effects and of partners on the form
LIMITS = {
    "title": 200,
    "description": 20_000,
    "other_theme": 500,
    "area_reason": 5000,
    "contact_name": 200,
    "contact_email": 254,
    "partners": 200,
}
# The fields of the form in the order it shows them: the error summary follows this order.
FIELD_ORDER = (
    "frame",
    "title",
    "description",
    "process",
    "themes",
    "areas",
    "age_bands",
    "reach",
    "amount",
    "co_financing",
    "period",
    "effects",
    "partners",
    "contact",
)
FULL_PATH_FIELDS = ("effects", "partners")
# Irreversible steps: the page asks once more before they are taken.
CONFIRMED = frozenset({"withdraw", "close", "reject"})


class CallOffForm(BaseModel):
    """The draft form as posted: text as typed, lists for checkboxes and repeated rows."""

    frame: str = ""
    title: str = ""
    description: str = ""
    process: str = ""
    themes: list[str] = []
    other_theme: str = ""
    areas: list[str] = []
    other_areas: str = ""
    area_reason: str = ""
    age_bands: list[str] = []
    reach: str = ""
    amount: str = ""
    co_financing: str = ""
    period_start: str = ""
    period_end: str = ""
    path: str = ""
    effect_indicator: list[str] = []
    effect_direction: list[str] = []
    partner_name: list[str] = []
    partner_kind: list[str] = []
    contact_name: str = ""
    contact_email: str = ""
    version: str = ""


def kr(ore: int | None) -> str:
    """Öre as ``1 234 567 kr``."""
    return format_ore(ore)


def days(value: float | None, *, lang: str = "sv") -> str:
    return "–" if value is None else format_number(value, 1, lang)


def share(value: float | None, *, lang: str = "sv") -> str:
    return "–" if value is None else f"{format_number(100 * value, 1, lang)}\u00a0%"


def helpers() -> dict[str, Callable[..., Any]]:
    from kraftsamling.web.templating import in_page_language

    return {
        "kr": kr,
        "days": in_page_language(days),
        "share": in_page_language(share),
        "when": format_local_time,
        "money_text": money_text,
    }


# ------------------------------------------------------------------------- the form


@dataclass
class Parsed:
    content: Content
    errors: dict[str, str]
    frame_id: int | None


def _rows(first: list[str], second: list[str]) -> list[tuple[str, str]]:
    n = max(len(first), len(second))
    first, second = first + [""] * (n - len(first)), second + [""] * (n - len(second))
    return [(a.strip(), b.strip()) for a, b in zip(first, second, strict=True)]


def _area_codes(form: CallOffForm) -> tuple[str, ...]:
    typed = [c.strip() for c in form.other_areas.replace(";", ",").split(",")]
    return tuple(dict.fromkeys(c for c in [*form.areas, *typed] if c.strip()))


def _money(lang: str, field: str, text: str, errors: dict[str, str], *, zero: bool) -> int | None:
    if not text.strip():
        return 0 if zero else None
    label = translate(lang, f"funds.field.{field}")
    try:
        return parse_kronor(label, text, allow_zero=zero)
    except InvalidInput as exc:
        # The summary and the field's label name the field already.
        errors[field] = describe_error(lang, exc).removeprefix(f"{label}: ")
        return None


def _date(lang: str, text: str, errors: dict[str, str]) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return iso_date("period", text, key="funds.form.date")
    except InvalidInput as exc:
        errors["period"] = describe_error(lang, exc)
        return None


def _effects(
    lang: str, form: CallOffForm, errors: dict[str, str]
) -> tuple[eligibility.Effect, ...]:
    found = []
    for indicator, direction in _rows(form.effect_indicator, form.effect_direction):
        if not indicator:
            continue
        if direction not in set(Direction):
            errors["effects"] = translate(lang, "funds.form.direction")
            continue
        found.append(eligibility.Effect(indicator[:64], Direction(direction)))
    return tuple(dict.fromkeys(found))


def _partners(
    lang: str, form: CallOffForm, errors: dict[str, str]
) -> tuple[eligibility.Partner, ...]:
    found = []
    for name, kind in _rows(form.partner_name, form.partner_kind):
        if not name:
            continue
        if kind not in set(PartnerKind) or len(name) > LIMITS["partners"]:
            errors["partners"] = translate(lang, "funds.form.partner", max=LIMITS["partners"])
            continue
        found.append(eligibility.Partner(name, PartnerKind(kind)))
    return tuple(found)


def _choices(
    lang: str, field: str, chosen: list[str], allowed: set[str], errors: dict[str, str]
) -> tuple[str, ...]:
    if any(c not in allowed for c in chosen):
        errors[field] = translate(lang, "funds.form.choice")
    return tuple(dict.fromkeys(c for c in chosen if c in allowed))


def parse_form(form: CallOffForm, *, lang: str) -> Parsed:
    """The content the form describes and every problem with what was typed."""
    errors: dict[str, str] = {}
    for name, limit in LIMITS.items():
        value = getattr(form, name, "")
        if isinstance(value, str) and len(value.strip()) > limit:
            field = "contact" if name.startswith("contact") else name
            errors[field] = translate(lang, "funds.form.too_long", max=limit)
    reach = None
    if form.reach.strip():
        try:
            reach = whole("reach", form.reach, key="funds.form.reach", high=1_000_000)
        except InvalidInput as exc:
            errors["reach"] = describe_error(lang, exc)
    if form.process and form.process not in set(Process):
        errors["process"] = translate(lang, "funds.form.choice")
    content = Content(
        title=form.title.strip(),
        description=form.description.strip(),
        process=form.process if form.process in set(Process) else "",
        themes=_choices(lang, "themes", form.themes, set(Theme), errors),
        other_theme=form.other_theme.strip(),
        areas=_area_codes(form),
        area_reason=form.area_reason.strip(),
        age_bands=_choices(lang, "age_bands", form.age_bands, set(AgeBand), errors),
        reach=reach,
        effects=_effects(lang, form, errors),
        amount=_money(lang, "amount", form.amount, errors, zero=False),
        period_start=_date(lang, form.period_start, errors),
        period_end=_date(lang, form.period_end, errors),
        co_financing=_money(lang, "co_financing", form.co_financing, errors, zero=True) or 0,
        partners=_partners(lang, form, errors),
        contact_name=form.contact_name.strip(),
        contact_email=form.contact_email.strip(),
    )
    frame_id = None
    if form.frame.strip():
        try:
            frame_id = whole("frame", form.frame, key="funds.form.frame")
        except InvalidInput as exc:
            errors["frame"] = describe_error(lang, exc)
    ordered = {f: errors[f] for f in FIELD_ORDER if f in errors}
    return Parsed(content, ordered, frame_id)


def _padded(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return (rows + [("", "")] * ROWS)[: max(ROWS, len(rows))]


def typed_values(form: CallOffForm) -> dict[str, Any]:
    """What was typed, to show again on a refused form."""
    values = form.model_dump()
    values["effects"] = _padded(_rows(form.effect_indicator, form.effect_direction))
    values["partners"] = _padded(_rows(form.partner_name, form.partner_kind))
    return values


def stored_values(c: CallOff) -> dict[str, Any]:
    """A stored call-off's content as the form shows it."""
    content = from_json(c.content or {})
    return {
        "frame": str(c.frame_id),
        "title": content.title,
        "description": content.description,
        "process": content.process,
        "themes": list(content.themes),
        "other_theme": content.other_theme,
        "areas": list(content.areas),
        "other_areas": "",
        "area_reason": content.area_reason,
        "age_bands": list(content.age_bands),
        "reach": "" if content.reach is None else str(content.reach),
        "amount": money_text(content.amount),
        "co_financing": money_text(content.co_financing or None),
        "period_start": content.period_start.isoformat() if content.period_start else "",
        "period_end": content.period_end.isoformat() if content.period_end else "",
        "path": "light" if eligibility.is_light(content, c.frame.fund.light_limit) else "full",
        "effects": _padded([(e.indicator, e.direction.value) for e in content.effects]),
        "partners": _padded([(p.name, p.kind.value) for p in content.partners]),
        "contact_name": content.contact_name,
        "contact_email": content.contact_email,
        "version": str(c.version),
    }


def money_text(ore: int | None) -> str:
    """Öre as a form shows kronor: ``300 000`` or ``1 234,50`` (empty for none)."""
    if ore is None:
        return ""
    whole_kr, rest = divmod(ore, 100)
    text = f"{whole_kr:,}".replace(",", " ")
    return f"{text},{rest:02d}" if rest else text


def open_frames(session: Session) -> list[BudgetFrame]:
    return [frame for fund in queries.list_funds(session) for frame in fund.frames]


def form_context(session: Session, *, lang: str) -> dict[str, Any]:
    """The choices the draft form offers: frames, target areas, other areas, indicators."""
    from kraftsamling.targeting.queries import current_targets

    current = current_targets(session)
    targets = [(a.code, a.name) for a in current.areas] if current else []
    indicators = session.execute(
        select(Indicator.id, Indicator.name_sv if lang == "sv" else Indicator.name_en).order_by(
            Indicator.id
        )
    ).all()
    frames = open_frames(session)
    return {
        "frames": frames,
        "targets": targets,
        "indicators": [tuple(r) for r in indicators],
        "processes": [p.value for p in Process],
        "themes": [t.value for t in Theme],
        "age_bands": [b.value for b in AgeBand],
        "directions": [d.value for d in Direction],
        "partner_kinds": [k.value for k in PartnerKind],
        "light_limit": frames[0].fund.light_limit if frames else None,
        **helpers(),
    }


# ---------------------------------------------------------------------- a call-off


def checklist(
    findings: list[eligibility.Finding], *, light: bool, lang: str
) -> list[dict[str, Any]]:
    """Each requirement of the form with whether it is met and, if not, what is missing."""
    by_field: dict[str, list[str]] = {}
    for f in findings:
        by_field.setdefault(f.field, []).append(translate(lang, f.key, **f.params))
    fields = [f for f in FIELD_ORDER if f not in ("frame", "co_financing")]
    if light:
        fields = [f for f in fields if f not in FULL_PATH_FIELDS]
    return [{"field": f, "ok": f not in by_field, "messages": by_field.get(f, [])} for f in fields]


def body_kind(rule: DelegationRule) -> BodyKind:
    if rule.delegated:
        return BodyKind.DELEGATE
    return BodyKind.BOARD_COMMITTEE if rule.body == "KSAU" else BodyKind.BOARD


def detail_context(session: Session, c: CallOff, user: User, *, lang: str) -> dict[str, Any]:
    """Everything ``funds/detail.html`` shows about ``c`` to ``user``."""
    actions = [
        a.value
        for a in available(
            c.status_enum,
            role=user.role_enum,
            own_organisation_id=user.organisation_id,
            organisation_id=c.organisation_id,
        )
    ]
    content = from_json(c.content or {})
    fund = c.frame.fund
    light = eligibility.is_light(content, fund.light_limit)
    found = eligibility.check(content, queries.eligibility_context(session, c.frame))
    routed = c.recommended or c.amount or 0
    required = rule_for(fund, routed).body if routed else None
    names = {code: name for code, name in session.execute(select(Area.code, Area.name))}
    indicators = dict(session.execute(select(Indicator.id, Indicator.name_sv)).all())
    files = attachments_of(session, c.id)
    return {
        "c": c,
        "content": content,
        "light": light,
        "actions": actions,
        "checklist": checklist(found, light=light, lang=lang),
        "findings": found,
        "rules": fund.rules,
        "required_body": required,
        "area_names": names,
        "indicator_names": indicators,
        "attachments": files,
        "can_attach": Action.EDIT.value in actions,
        "remaining": c.granted - c.paid - c.released,
        **helpers(),
    }


# ------------------------------------------------------------------------ the fund


def fund_overview(session: Session, fund: Fund) -> dict[str, Any]:
    frames = [
        {
            "frame": f,
            "figures": queries.figures(session, f),
            "burden": queries.burden(session, f.id),
        }
        for f in fund.frames
    ]
    return {
        "fund": fund,
        "frames": frames,
        "distribution": distribution.distribution(session, fund),
    }


def meeting_rows(session: Session, frame: BudgetFrame, body: str) -> list[CallOff]:
    return awaiting(session, frame, body)


def frame_for(session: Session, fund_id: int | None, year: int) -> BudgetFrame | None:
    """The frame of ``year`` of the fund (the first fund by default); else its newest."""
    funds = queries.list_funds(session)
    fund = next((f for f in funds if fund_id in (None, f.id)), None)
    if fund is None or not fund.frames:
        return None
    return next((f for f in fund.frames if f.year == year), fund.frames[-1])


def public_context(session: Session) -> dict[str, Any]:
    """What ``/public/fund`` shows: the frames' totals and the grants, never an assessment."""
    names = {code: name for code, name in session.execute(select(Area.code, Area.name))}
    grants = [
        {
            "organisation": c.organisation.name_sv,
            "title": c.title,
            "themes": list((c.content or {}).get("themes", [])),
            "areas": [names.get(a, a) for a in (c.content or {}).get("areas", [])],
            "granted": c.granted,
            "decision": c.decision.reference if c.decision else "",
            "case_number": c.case_number,
        }
        for c in queries.granted(session)
    ]
    frames = [(f, queries.figures(session, f)) for f in open_frames(session)]
    return {"grants": grants, "frames": frames}
