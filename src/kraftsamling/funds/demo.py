"""The demo fund: Malmö's fund and frame, and a dozen call-offs in every state of the workflow.

Made by ``kraftsamling demo load`` once the demo's target areas are decided; nothing is made
when a call-off exists already. Committees and MKB apply on the demo's target areas; two
call-offs are decided by the city director by delegation, two wait on the executive board's
list for its meeting on 2026-03-17. All of it is invented, like the rest of the demo data, and
dated (audit trail included) as if it had happened in January to March 2026, so the fund page's
administrative burden has days to count. The demo has no count of residents aged 0-19, so its
need formula counts residents aged 16-24.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import User
from kraftsamling.accounts.secrets import AuthPolicy
from kraftsamling.core import audit
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.decisions.service import DecisionIn
from kraftsamling.funds import service
from kraftsamling.funds.eligibility import Content, Direction, Effect, Partner, PartnerKind
from kraftsamling.funds.models import CallOff, Fund
from kraftsamling.funds.seed import seed_malmo_fund
from kraftsamling.stats.models import Indicator
from kraftsamling.targeting.queries import current_targets

COORDINATOR = "samordnare@kraftsamling.example"
ADMIN = "admin@kraftsamling.example"
BOARD_MEETING = dt.date(2026, 3, 17)


@dataclass(frozen=True)
class DemoCallOff:
    org: str
    title: str
    kronor: int
    process: str
    themes: tuple[str, ...]
    ends_as: str  # the state the demo leaves it in
    recommend: int | None = None  # kronor when recommended in part
    paid: int = 0  # kronor paid


CALL_OFFS = (
    DemoCallOff(
        "FRN",
        "Sommarlov i rörelse",
        250_000,
        "local_development",
        ("leisure", "mobility"),
        "paid",
        paid=150_000,
    ),
    DemoCallOff(
        "ASN",
        "Föräldraträffar i bostadsområdet",
        180_000,
        "universal_prevention",
        ("parents",),
        "reporting",
        paid=180_000,
    ),
    DemoCallOff(
        "GRN",
        "Läxhjälp med föreningslivet",
        600_000,
        "universal_prevention",
        ("parents", "leisure"),
        "paid",
        paid=300_000,
    ),
    DemoCallOff("KN", "Kultur efter skolan", 450_000, "local_development", ("leisure",), "granted"),
    DemoCallOff(
        "MKB",
        "Sommarjobb i det egna bostadsområdet",
        1_500_000,
        "local_development",
        ("mobility",),
        "assessed",
    ),
    DemoCallOff(
        "GVN",
        "Vägar till gymnasiet",
        2_000_000,
        "universal_prevention",
        ("mobility", "parents"),
        "assessed",
        recommend=1_600_000,
    ),
    DemoCallOff(
        "ASN",
        "Familjestöd ute i områdena",
        90_000,
        "universal_prevention",
        ("parents",),
        "submitted",
    ),
    DemoCallOff(
        "SBN",
        "Trygga stråk till fritidsgården",
        300_000,
        "local_development",
        ("mobility",),
        "returned",
    ),
    DemoCallOff(
        "KN", "Biblioteket öppet på helger", 500_000, "local_development", ("leisure",), "rejected"
    ),
    DemoCallOff(
        "GRN",
        "Rastaktiviteter med äldre elever",
        150_000,
        "universal_prevention",
        ("leisure",),
        "withdrawn",
    ),
    DemoCallOff(
        "FRN", "Idrott för alla tjejer", 70_000, "local_development", ("leisure",), "draft"
    ),
    DemoCallOff(
        "MINC",
        "Unga entreprenörer",
        350_000,
        "local_development",
        ("mobility", "other"),
        "closed",
        paid=300_000,
    ),
)


def _on(day: dt.date, hour: int = 10) -> audit.Clock:
    """A clock standing still at ``hour`` o'clock (UTC) on ``day``."""
    moment = dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)
    return lambda: moment


def _officer(session: Session, org: str, policy: AuthPolicy | None) -> User:
    """The demo officer of ``org``: the demo account for FRN, otherwise one made here."""
    found = session.scalar(
        select(User).where(User.role == "officer", User.organisation.has(code=org))
    )
    if found is not None:
        return found
    # Nobody logs in as these; the password is random and never shown.
    accounts.create_user(
        session,
        email=f"{org.lower()}.handlaggare@kraftsamling.example",
        name=f"Demo Handläggare {org}",
        organisation_code=org,
        role="officer",
        password=secrets.token_urlsafe(16) + "aA1!",
        policy=policy or AuthPolicy(),
        clock=audit.utc_now,
        by=audit.SYSTEM,
    )
    return session.scalars(select(User).where(User.organisation.has(code=org))).one()


def _content(d: DemoCallOff, areas: list[str], indicator: str, contact: User) -> Content:
    return Content(
        title=d.title,
        description=(
            f"{d.title}: en insats för barn och unga i målområdena, planerad tillsammans "
            "med föreningar och skolor. Påhittat exempel i demodata."
        ),
        process=d.process,
        themes=d.themes,
        other_theme="Entreprenörskap" if "other" in d.themes else "",
        areas=tuple(areas),
        age_bands=("13-15", "16-19"),
        reach=max(40, d.kronor // 2500),
        effects=(Effect(indicator, Direction.DECREASE),),
        amount=d.kronor * 100,
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 12, 31),
        co_financing=d.kronor * 10,
        partners=(Partner("Föreningen Unga Malmö", PartnerKind.ASSOCIATION),),
        contact_name=contact.name,
        contact_email=contact.email,
    )


def _decide(session: Session, c: CallOff, d: DemoCallOff, coordinator: User) -> None:
    rule = next(r for r in c.frame.fund.rules if r.body == c.decision_body)
    day = dt.date(2026, 2, 20) if rule.delegated else dt.date(2026, 2, 24)
    paragraph = None if rule.delegated else f"§ {40 + c.id}"
    kind = BodyKind.DELEGATE if rule.delegated else BodyKind.BOARD_COMMITTEE
    decision = DecisionIn(
        body_kind=kind,
        body=rule.body_name,
        meeting_date=day,
        heading="",
        paragraph=paragraph,
        invented=True,
    )
    service.decide(
        session,
        call_off_id=c.id,
        granted=d.ends_as != "rejected",
        decision=decision,
        user=coordinator,
        version=None,
        clock=_on(day, 15),
    )


def _advance(
    session: Session, c: CallOff, d: DemoCallOff, officer: User, coordinator: User, n: int
) -> None:
    if d.ends_as == "draft":
        return
    sent = dt.date(2026, 1, 26) + dt.timedelta(days=n % 9)
    later = _on(sent + dt.timedelta(days=6))
    service.submit(session, call_off_id=c.id, user=officer, version=None, clock=_on(sent))
    if d.ends_as == "submitted":
        return
    if d.ends_as == "returned":
        service.return_for_completion(
            session,
            call_off_id=c.id,
            user=coordinator,
            version=None,
            message="Beskriv hur föreningarna är med från början.",
            clock=later,
        )
        return
    if d.ends_as == "withdrawn":
        service.withdraw(session, call_off_id=c.id, user=officer, version=None, clock=later)
        return
    kind = "none" if d.ends_as == "rejected" else ("partial" if d.recommend else "full")
    service.assess(
        session,
        call_off_id=c.id,
        recommendation=kind,
        user=coordinator,
        version=None,
        partial_amount=d.recommend * 100 if d.recommend else None,
        clock=later,
        assessment=(
            "Insatsen ligger inom processen och temana, riktar sig till "
            "målgruppen i målområdena och har partner från civilsamhället."
            if kind != "none"
            else "Insatsen ryms redan i ordinarie verksamhet och bör inte finansieras ur fonden."
        ),
    )
    if d.ends_as == "assessed":
        return
    _decide(session, c, d, coordinator)
    if d.paid:
        service.pay(
            session,
            call_off_id=c.id,
            amount=d.paid * 100,
            paid_on=dt.date(2026, 3, 5),
            user=coordinator,
            reference=f"VER-{1000 + c.id}",
            clock=_on(dt.date(2026, 3, 5)),
        )
    if d.ends_as in ("reporting", "closed"):
        service.start_reporting(
            session,
            call_off_id=c.id,
            user=coordinator,
            version=None,
            clock=_on(dt.date(2026, 3, 6)),
        )
    if d.ends_as == "closed":
        service.close(
            session,
            call_off_id=c.id,
            user=coordinator,
            version=None,
            clock=_on(dt.date(2026, 9, 30)),
        )


def ensure_demo_fund(session: Session, *, policy: AuthPolicy | None = None) -> int:
    """The demo fund and its call-offs; returns how many call-offs were made (0: already there
    or no target areas decided yet)."""
    fund = seed_malmo_fund(session)
    fund.need_indicator = "population_16_24"
    current = current_targets(session)
    if current is None or session.scalar(select(CallOff.id).limit(1)) is not None:
        return 0
    codes = [a.code for a in current.areas]
    coordinator = session.scalars(select(User).where(User.email == COORDINATOR)).one()
    known = set(session.scalars(select(Indicator.id)))
    indicator = "low_economic_standard" if "low_economic_standard" in known else min(known)
    for i, d in enumerate(CALL_OFFS):
        officer = _officer(session, d.org, policy)
        areas = [codes[i % len(codes)], codes[(i + 3) % len(codes)]]
        c = service.create_call_off(
            session,
            fund_id=fund.id,
            year=2026,
            user=officer,
            content=_content(d, areas, indicator, officer),
            clock=_on(dt.date(2026, 1, 20)),
        )
        _advance(session, c, d, officer, coordinator, i)
    return len(CALL_OFFS)


def demo_fund(session: Session) -> Fund | None:
    return session.scalar(select(Fund).limit(1))
