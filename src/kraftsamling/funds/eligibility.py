"""What a call-off must say, and whether it fits the fund: pure, shown live and checked again.

The city council's decision (2026-01-22) frames the fund: initiatives inside the two running
processes (local development, universal prevention), on the themes it names, in the target
areas, for children and young people. The form asks only what the assessment needs; a call-off
of at most the fund's *light limit* (default 100 000 kr) follows the light path and is spared
the expected effects and the partners.

:func:`check` returns every finding at once, so a page can list them all beside their fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import StrEnum

from kraftsamling.core.errors import InvalidInput
from kraftsamling.funds.money import kronor


class Process(StrEnum):
    LOCAL_DEVELOPMENT = "local_development"
    UNIVERSAL_PREVENTION = "universal_prevention"


class Theme(StrEnum):
    MOBILITY = "mobility"  # youth mobility within the city
    LEISURE = "leisure"  # equal and meaningful leisure
    PARENTS = "parents"  # support for parents
    OTHER = "other"


class AgeBand(StrEnum):
    """Children and youth are the fund's main target group: 0-25 years in five bands."""

    A0_5 = "0-5"
    A6_12 = "6-12"
    A13_15 = "13-15"
    A16_19 = "16-19"
    A20_25 = "20-25"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class PartnerKind(StrEnum):
    ASSOCIATION = "association"
    BUSINESS = "business"
    COMPANY = "company"  # a municipal company
    OTHER = "other"


@dataclass(frozen=True)
class Effect:
    indicator: str  # an indicator code of the statistics
    direction: Direction


@dataclass(frozen=True)
class Partner:
    name: str
    kind: PartnerKind


@dataclass(frozen=True)
class Content:
    """What an officer fills in; every field may still be empty in a draft."""

    title: str = ""
    description: str = ""
    process: str = ""
    themes: tuple[str, ...] = ()
    other_theme: str = ""
    areas: tuple[str, ...] = ()
    area_reason: str = ""
    age_bands: tuple[str, ...] = ()
    reach: int | None = None
    effects: tuple[Effect, ...] = ()
    amount: int | None = None  # öre
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    co_financing: int = 0  # öre
    partners: tuple[Partner, ...] = ()
    contact_name: str = ""
    contact_email: str = ""

    def filled_fields(self) -> int:
        """How many of the form's fields hold something: the officer's share of the burden."""
        values = (
            self.title,
            self.description,
            self.process,
            self.themes,
            self.other_theme,
            self.areas,
            self.area_reason,
            self.age_bands,
            self.reach,
            self.effects,
            self.amount,
            self.period_start,
            self.period_end,
            self.co_financing,
            self.partners,
            self.contact_name,
            self.contact_email,
        )
        return sum(1 for v in values if v not in (None, "", (), 0))


@dataclass(frozen=True)
class Finding:
    """One unmet requirement: the field it belongs to and a catalogue key with its params."""

    field: str
    key: str
    params: dict[str, object] = dc_field(default_factory=dict)
    message: str = ""


@dataclass(frozen=True)
class Context:
    """What the checks need from outside the call-off."""

    remaining: int  # öre left of the frame
    year: int  # the frame's year
    light_limit: int  # öre
    target_areas: Collection[str]  # codes of the current target areas
    known_areas: Collection[str]  # codes of every area of the statistics
    known_indicators: Collection[str]


class Incomplete(InvalidInput):
    """Raised when a call-off is submitted with unmet requirements; carries every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        shown = "; ".join(f"{f.field}: {f.message}" for f in findings)
        super().__init__(
            f"The call-off is not complete: {shown}", key="funds.error.incomplete", n=len(findings)
        )


def is_light(content: Content, light_limit: int) -> bool:
    return content.amount is not None and content.amount <= light_limit


def _text_findings(c: Content) -> list[Finding]:
    found = []
    if not c.title.strip():
        found.append(Finding("title", "funds.check.title", message="give the initiative a title"))
    if len(c.description.strip()) < 20:
        found.append(
            Finding(
                "description",
                "funds.check.description",
                message="describe the initiative in at least 20 characters",
            )
        )
    if not c.contact_name.strip() or "@" not in c.contact_email:
        found.append(
            Finding(
                "contact",
                "funds.check.contact",
                message="name a contact person with an e-mail address",
            )
        )
    return found


def _scope_findings(c: Content, ctx: Context) -> list[Finding]:
    found = []
    if c.process not in set(Process):
        found.append(
            Finding(
                "process",
                "funds.check.process",
                message="choose local development or universal prevention",
            )
        )
    if not c.themes or any(t not in set(Theme) for t in c.themes):
        found.append(Finding("themes", "funds.check.themes", message="choose at least one theme"))
    elif Theme.OTHER in c.themes and not c.other_theme.strip():
        found.append(
            Finding("themes", "funds.check.other_theme", message="describe the other theme")
        )
    unknown = sorted(set(c.areas) - set(ctx.known_areas))
    outside = sorted(set(c.areas) - set(ctx.target_areas) - set(unknown))
    if not c.areas:
        found.append(Finding("areas", "funds.check.areas", message="choose at least one area"))
    elif unknown:
        found.append(
            Finding(
                "areas",
                "funds.check.unknown_areas",
                {"codes": ", ".join(unknown)},
                message=f"unknown area(s) {', '.join(unknown)}",
            )
        )
    elif outside and len(c.area_reason.strip()) < 20:
        found.append(
            Finding(
                "areas",
                "funds.check.area_reason",
                {"codes": ", ".join(outside)},
                message=f"area(s) {', '.join(outside)} are not target areas: "
                "state why in at least 20 characters",
            )
        )
    if not c.age_bands or any(b not in set(AgeBand) for b in c.age_bands):
        found.append(
            Finding(
                "age_bands",
                "funds.check.age_bands",
                message="choose the age bands of the target group",
            )
        )
    if c.reach is None or c.reach < 1:
        found.append(
            Finding(
                "reach",
                "funds.check.reach",
                message="estimate how many children and young people it reaches",
            )
        )
    return found


def _money_findings(c: Content, ctx: Context) -> list[Finding]:
    found = []
    if c.amount is None:
        found.append(Finding("amount", "funds.check.amount", message="state the amount"))
    elif c.amount > ctx.remaining:
        params = {"remaining": kronor(ctx.remaining), "year": ctx.year}
        found.append(
            Finding(
                "amount",
                "funds.check.amount_left",
                params,
                message=f"only {kronor(ctx.remaining)} remains of the frame",
            )
        )
    if c.period_start is None or c.period_end is None:
        found.append(Finding("period", "funds.check.period", message="state the period"))
    elif c.period_end < c.period_start or c.period_end.year < ctx.year:
        found.append(
            Finding(
                "period",
                "funds.check.period_order",
                {"year": ctx.year},
                message=f"the period must end after it starts, no earlier than {ctx.year}",
            )
        )
    return found


def _full_path_findings(c: Content, ctx: Context) -> list[Finding]:
    found = []
    unknown = sorted({e.indicator for e in c.effects} - set(ctx.known_indicators))
    if not c.effects:
        found.append(
            Finding(
                "effects",
                "funds.check.effects",
                message="link the expected effect to at least one indicator",
            )
        )
    elif unknown:
        found.append(
            Finding(
                "effects",
                "funds.check.unknown_indicators",
                {"codes": ", ".join(unknown)},
                message=f"unknown indicator(s) {', '.join(unknown)}",
            )
        )
    if not c.partners:
        found.append(
            Finding(
                "partners",
                "funds.check.partners",
                message="name at least one partner (association, business, company)",
            )
        )
    return found


def check(content: Content, ctx: Context) -> list[Finding]:
    """Every unmet requirement of ``content`` (empty when it may be submitted)."""
    found = [
        *_text_findings(content),
        *_scope_findings(content, ctx),
        *_money_findings(content, ctx),
    ]
    if not is_light(content, ctx.light_limit):
        found += _full_path_findings(content, ctx)
    return found


def ensure_complete(content: Content, ctx: Context) -> None:
    """Raise :class:`Incomplete` with every finding unless ``content`` may be submitted."""
    findings = check(content, ctx)
    if findings:
        raise Incomplete(findings)
