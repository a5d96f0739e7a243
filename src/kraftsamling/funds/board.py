"""The board's papers, assembled from the ledger: a meeting's decision list, a call-off's draft
tjänsteskrivelse and the report of decisions taken by delegation.

The documents themselves are drawn by :mod:`kraftsamling.funds.papers`; this module reads what
they say, so every figure in them is the ledger's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User
from kraftsamling.core.formatting import format_ore
from kraftsamling.funds import papers
from kraftsamling.funds.models import BudgetFrame, CallOff, Fund
from kraftsamling.funds.queries import call_offs
from kraftsamling.funds.workflow import HOLDS_GRANT, Status
from kraftsamling.stats.models import Area, Indicator

PROCESS_SV = {
    "local_development": "Lokal utveckling",
    "universal_prevention": "Universell prevention",
}
THEME_SV = {
    "mobility": "Ungas rörlighet i staden",
    "leisure": "Jämlik och meningsfull fritid",
    "parents": "Stöd till föräldrar",
    "other": "Annat",
}
DIRECTION_SV = {"increase": "ska öka", "decrease": "ska minska"}
PARTNER_SV = {
    "association": "förening",
    "business": "företag",
    "company": "kommunalt bolag",
    "other": "annan",
}


def _area_names(session: Session) -> dict[str, str]:
    return {code: name for code, name in session.execute(select(Area.code, Area.name))}


def _body_name(fund: Fund, code: str | None) -> str:
    return next((r.body_name for r in fund.rules if r.body == code), code or "–")


def awaiting(session: Session, frame: BudgetFrame, body: str) -> list[CallOff]:
    """Assessed call-offs of ``frame`` that the body ``body`` (a rule code) is to decide, in the
    order they were submitted."""
    rows = call_offs(session, frame_id=frame.id, statuses=[Status.ASSESSED])
    rows = [c for c in rows if c.decision_body == body]
    return sorted(
        rows, key=lambda c: (c.submitted_at or dt.datetime.max.replace(tzinfo=dt.UTC), c.id)
    )


def decision_list(
    session: Session, frame: BudgetFrame, *, body: str, meeting_date: dt.date
) -> papers.DecisionList:
    """The list of recommended call-offs for one meeting of ``body``, with what remains of the
    frame after each row if it and every row above it is granted as recommended."""
    fund = frame.fund
    names = _area_names(session)
    remaining = frame.amount - frame.granted + frame.returned
    rows = []
    left = remaining
    for c in awaiting(session, frame, body):
        content = c.content or {}
        left -= c.recommended or 0
        rows.append(
            papers.ListRow(
                case_number=c.case_number or f"#{c.id}",
                organisation=c.organisation.name_sv,
                title=c.title,
                process=PROCESS_SV.get(content.get("process", ""), "–"),
                themes=tuple(THEME_SV.get(t, t) for t in content.get("themes", [])),
                areas=tuple(names.get(a, a) for a in content.get("areas", [])),
                requested_ore=c.amount or 0,
                recommended_ore=c.recommended or 0,
                decision_body=_body_name(fund, c.decision_body),
                remaining_after_ore=left,
            )
        )
    return papers.DecisionList(
        municipality=fund.municipality,
        fund_name=fund.name_sv,
        year=frame.year,
        meeting_body=_body_name(fund, body),
        meeting_date=meeting_date,
        frame_ore=frame.amount,
        frame_decision=frame.decision.reference,
        remaining_before_ore=remaining,
        rows=tuple(rows),
    )


def _target_group(content: dict[str, Any]) -> str:
    bands = ", ".join(f"{b} år".replace("-", "–") for b in content.get("age_bands", []) or [])
    reach = content.get("reach")
    return f"{bands}; cirka {reach} barn och unga" if reach else bands


def memo(session: Session, c: CallOff, *, author: User, date: dt.date) -> papers.Memo:
    """The draft tjänsteskrivelse of an assessed (or decided) call-off."""
    fund, frame = c.frame.fund, c.frame
    content = c.content or {}
    names = _area_names(session)
    indicators = {i: n for i, n in session.execute(select(Indicator.id, Indicator.name_sv))}
    body = _body_name(fund, c.decision_body)
    amount = c.recommended or 0
    points = (
        (
            f"{body} beviljar {c.organisation.name_sv} {format_ore(amount)} ur "
            f"{fund.name_sv} {frame.year} för insatsen ”{c.title}”.",
            "Insatsen redovisas enligt fondens uppföljning.",
        )
        if amount
        else (f"{body} avslår avropet ”{c.title}”.",)
    )
    start, end = content.get("period_start"), content.get("period_end")
    return papers.Memo(
        municipality=fund.municipality,
        office=fund.owner.name_sv,
        case_number=c.case_number or f"#{c.id}",
        date=date,
        title=c.title,
        organisation=c.organisation.name_sv,
        process=PROCESS_SV.get(content.get("process", ""), "–"),
        themes=tuple(THEME_SV.get(t, t) for t in content.get("themes", [])),
        areas=tuple(names.get(a, a) for a in content.get("areas", [])),
        target_group=_target_group(content),
        description=content.get("description", ""),
        effects=tuple(
            f"{indicators.get(e['indicator'], e['indicator'])}: "
            f"{DIRECTION_SV.get(e['direction'], e['direction'])}"
            for e in content.get("effects", [])
        ),
        partners=tuple(
            f"{p['name']} ({PARTNER_SV.get(p['kind'], p['kind'])})"
            for p in content.get("partners", [])
        ),
        period=f"{start or '–'} – {end or '–'}",
        requested_ore=c.amount or 0,
        recommended_ore=amount,
        co_financing_ore=content.get("co_financing", 0) or 0,
        assessment=c.assessment or "",
        decision_body=body,
        proposed_decision=points,
        frame_ore=frame.amount,
        remaining_ore=frame.amount - frame.granted + frame.returned,
        documents=(
            f"Avrop {c.case_number} från {c.organisation.name_sv}",
            f"Beslut om budgetram: {frame.decision.reference}",
        ),
        send_to=(c.organisation.name_sv, fund.owner.name_sv),
        responsible=(f"{author.name}, {author.organisation.name_sv}",),
    )


def delegation_report(
    session: Session, fund: Fund, *, start: dt.date, end: dt.date
) -> papers.DelegationReport:
    """Decisions on the fund taken by delegation between ``start`` and ``end`` (inclusive),
    for reporting to the board (anmälan av delegationsbeslut)."""
    delegated = {r.body for r in fund.rules if r.delegated}
    rows = [
        c
        for c in call_offs(session, statuses=sorted({*HOLDS_GRANT, Status.REJECTED}))
        if c.frame.fund_id == fund.id
        and c.decision_body in delegated
        and c.decision is not None
        and start <= c.decision.meeting_date <= end
    ]
    rows.sort(key=lambda c: (c.decision.meeting_date if c.decision else start, c.id))
    board = next((r.body_name for r in fund.rules if r.max_amount is None), "Kommunstyrelsen")
    return papers.DelegationReport(
        municipality=fund.municipality,
        fund_name=fund.name_sv,
        body=board,
        period_start=start,
        period_end=end,
        decisions=tuple(
            papers.DelegatedDecision(
                case_number=c.case_number or f"#{c.id}",
                decided_on=c.decision.meeting_date if c.decision else start,
                decided_by=f"{_body_name(fund, c.decision_body)} (delegation)",
                organisation=c.organisation.name_sv,
                title=c.title,
                amount_ore=c.granted,
                decision_ref=c.decision.reference if c.decision else "",
            )
            for c in rows
        ),
    )
