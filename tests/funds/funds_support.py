"""Shared data of the fund tests (a module name no other test folder uses).

The targeting tests' eight sub-areas T1..T8, a decided round that makes T1-T3 the target areas,
the demo accounts plus an officer of another committee and a second coordinator, and Malmö's
fund with its 10 MSEK frame for 2026.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "targeting"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from targeting_support import add_statistics, finished_run
from web_support import START

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import User
from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core.audit import SYSTEM
from kraftsamling.core.db import transaction
from kraftsamling.funds.eligibility import (
    Content,
    Direction,
    Effect,
    Partner,
    PartnerKind,
)
from kraftsamling.funds.seed import seed_malmo_fund
from kraftsamling.targeting.models import RoundArea, SelectionRound

TARGETS = ("T1", "T2", "T3")
OTHER_OFFICER = "officer.grn@kraftsamling.example"
SECOND_COORDINATOR = "samordnare2@kraftsamling.example"
OFFICER = "handlaggare@kraftsamling.example"  # Fritidsnämnden (FRN)
COORDINATOR = "samordnare@kraftsamling.example"
ADMIN = "admin@kraftsamling.example"
VIEWER = "lasare@kraftsamling.example"
PASSWORDS = {
    OFFICER: "Demo-handlaggare-2026",
    COORDINATOR: "Demo-samordnare-2026",
    ADMIN: "Demo-admin-2026",
    VIEWER: "Demo-lasare-2026",
    OTHER_OFFICER: "Other-officer-2026",
    SECOND_COORDINATOR: "Second-coordinator-2026",
}


def decide_targets(session: Session, run_id: int) -> None:
    """Make T1-T3 the current target areas, as a decided round of ``run_id`` would."""
    rnd = SelectionRound(
        title="Målområden 2026",
        index_run_id=run_id,
        k=3,
        status="finalised",
        version=1,
        rationale="De tre mest utsatta delområdena enligt indexet.",
        proposed_by=session.scalar(select(User.id).where(User.email == COORDINATOR)),
        proposed_at=START,
        finalised_at=START,
    )
    for rank, code in enumerate(("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"), start=1):
        rnd.areas.append(
            RoundArea(
                area_code=code,
                area_name=f"Område {code}",
                rank=rank,
                proposed=code in TARGETS,
                selected=code in TARGETS,
            )
        )
    session.add(rnd)


def build(factory: sessionmaker[Session]) -> None:
    """Everything the fund tests stand on, committed."""
    with transaction(factory) as session:
        add_statistics(session)
        seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=lambda: START)
        for email, name, org, role in (
            (OTHER_OFFICER, "Greta Grundskola", "GRN", "officer"),
            (SECOND_COORDINATOR, "Sam Andra", "STK", "coordinator"),
        ):
            accounts.create_user(
                session,
                email=email,
                name=name,
                organisation_code=org,
                role=role,
                password=PASSWORDS[email],
                policy=FAST_TEST_POLICY,
                clock=lambda: START,
                by=SYSTEM,
            )
    run_id = finished_run(factory)
    with transaction(factory) as session:
        decide_targets(session, run_id)
        seed_malmo_fund(session, clock=lambda: START)


def user(session: Session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


def complete(amount_kr: int = 250_000, **changes: object) -> Content:
    """A call-off that meets every requirement of the full path."""
    fields: dict[str, object] = dict(
        title="Sommarlov i rörelse",
        description="Aktiviteter för unga under sommarlovet i tre delområden, med föreningar.",
        process="local_development",
        themes=("leisure", "mobility"),
        areas=("T1", "T2"),
        age_bands=("13-15", "16-19"),
        reach=120,
        effects=(Effect("jobs", Direction.INCREASE),),
        amount=amount_kr * 100,
        period_start=dt.date(2026, 6, 1),
        period_end=dt.date(2026, 8, 31),
        partners=(Partner("IK Framåt", PartnerKind.ASSOCIATION),),
        contact_name="Fia Fritid",
        contact_email="fia@example.org",
    )
    fields.update(changes)
    return Content(**fields)  # type: ignore[arg-type]
