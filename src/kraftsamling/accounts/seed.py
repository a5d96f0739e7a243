"""The Malmö organisations named in the seed documents, and the demo accounts.

The committees are the ones on the distribution lists ("Beslutet skickas till") of the
KSAU decision of 2025-03-24 and the KS/KF decision of 2026 (case STK-2024-1374). Together
the lists name twelve committees (hälsa-, vård- och omsorgsnämnden appears only on the first,
stadsbyggnadsnämnden only on the second), the companies MKB and MINC, and the city office.
The codes are this project's own short names.

Demo accounts (created only by the demo loader; never use these passwords in production):

    ============================  ============  =============  ==========================
    e-mail                        role          organisation   password
    ============================  ============  =============  ==========================
    admin@kraftsamling.example    admin         STK            Demo-admin-2026
    samordnare@kraftsamling...    coordinator   STK            Demo-samordnare-2026
    handlaggare@kraftsamling...   officer       FRN            Demo-handlaggare-2026
    lasare@kraftsamling.example   viewer        KS             Demo-lasare-2026
    ============================  ============  =============  ==========================
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts import service
from kraftsamling.accounts.models import Organisation, User
from kraftsamling.accounts.roles import OrganisationKind, Role
from kraftsamling.accounts.secrets import AuthPolicy, Clock, utc_now
from kraftsamling.core import audit
from kraftsamling.core.audit import SYSTEM, Action


@dataclass(frozen=True)
class OrganisationSeed:
    code: str
    name_sv: str
    name_en: str
    kind: OrganisationKind


_C = OrganisationKind.COMMITTEE
ORGANISATIONS: tuple[OrganisationSeed, ...] = (
    OrganisationSeed("STK", "Stadskontoret", "City Office", OrganisationKind.CITY_OFFICE),
    OrganisationSeed(
        "ASN", "Arbetsmarknads- och socialnämnden", "Labour Market and Social Committee", _C
    ),
    OrganisationSeed("FRN", "Fritidsnämnden", "Leisure Committee", _C),
    OrganisationSeed("FSN", "Funktionsstödsnämnden", "Disability Support Committee", _C),
    OrganisationSeed("FSKN", "Förskolenämnden", "Preschool Committee", _C),
    OrganisationSeed("GRN", "Grundskolenämnden", "Compulsory School Committee", _C),
    OrganisationSeed(
        "GVN",
        "Gymnasie- och vuxenutbildningsnämnden",
        "Upper Secondary and Adult Education Committee",
        _C,
    ),
    OrganisationSeed(
        "HVON", "Hälsa-, vård- och omsorgsnämnden", "Health, Care and Welfare Committee", _C
    ),
    OrganisationSeed("KN", "Kulturnämnden", "Culture Committee", _C),
    OrganisationSeed("MN", "Miljönämnden", "Environment Committee", _C),
    OrganisationSeed("SN", "Servicenämnden", "Service Committee", _C),
    OrganisationSeed("SBN", "Stadsbyggnadsnämnden", "City Planning Committee", _C),
    OrganisationSeed("TN", "Tekniska nämnden", "Technical Committee", _C),
    OrganisationSeed(
        "MKB", "MKB Fastighets AB", "MKB (municipal housing company)", OrganisationKind.COMPANY
    ),
    OrganisationSeed(
        "MINC", "MINC", "MINC (municipal startup incubator)", OrganisationKind.COMPANY
    ),
    OrganisationSeed("KF", "Kommunfullmäktige", "City Council", OrganisationKind.DECISION_BODY),
    OrganisationSeed(
        "KS", "Kommunstyrelsen", "City Executive Board", OrganisationKind.DECISION_BODY
    ),
    OrganisationSeed(
        "KSAU",
        "Kommunstyrelsens arbetsutskott",
        "Executive Committee of the Board",
        OrganisationKind.DECISION_BODY,
    ),
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    organisation_code: str
    role: Role
    password: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin@kraftsamling.example", "Demo Administratör", "STK", Role.ADMIN, "Demo-admin-2026"
    ),
    DemoAccount(
        "samordnare@kraftsamling.example",
        "Demo Samordnare",
        "STK",
        Role.COORDINATOR,
        "Demo-samordnare-2026",
    ),
    DemoAccount(
        "handlaggare@kraftsamling.example",
        "Demo Handläggare",
        "FRN",
        Role.OFFICER,
        "Demo-handlaggare-2026",
    ),
    DemoAccount(
        "lasare@kraftsamling.example", "Demo Läsare", "KS", Role.VIEWER, "Demo-lasare-2026"
    ),
)


def seed_organisations(session: Session, *, clock: Clock = utc_now) -> int:
    """Insert the organisations that are missing (matched by code); returns how many were added."""
    existing = set(session.scalars(select(Organisation.code)))
    added = 0
    for seed in ORGANISATIONS:
        if seed.code in existing:
            continue
        org = Organisation(
            code=seed.code, name_sv=seed.name_sv, name_en=seed.name_en, kind=seed.kind.value
        )
        session.add(org)
        session.flush()
        audit.record(
            session,
            actor=SYSTEM,
            action=Action.CREATE,
            object_type="organisation",
            object_id=org.id,
            after=audit.snapshot(org),
            clock=clock,
        )
        added += 1
    return added


def seed_demo_accounts(
    session: Session, *, policy: AuthPolicy | None = None, clock: Clock = utc_now
) -> int:
    """Create the organisations and any missing demo account; returns how many were added."""
    seed_organisations(session, clock=clock)
    existing = set(session.scalars(select(User.email)))
    added = 0
    for account in DEMO_ACCOUNTS:
        if account.email in existing:
            continue
        service.create_user(
            session,
            email=account.email,
            name=account.name,
            organisation_code=account.organisation_code,
            role=account.role.value,
            password=account.password,
            policy=policy or AuthPolicy(),
            clock=clock,
            by=SYSTEM,
        )
        added += 1
    return added
