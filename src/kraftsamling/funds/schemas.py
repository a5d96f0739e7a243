"""Request and response shapes of ``/api/v1/funds``, ``/api/v1/call-offs`` and the public grants.

Amounts are integer öre (``amount_ore``), never floats. Separate shapes per direction: the
coordinator's written assessment is in :class:`CallOffDetail` only, never in a public shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from kraftsamling.funds.eligibility import (
    AgeBand,
    Content,
    Direction,
    Effect,
    Finding,
    Partner,
    PartnerKind,
    Process,
    Theme,
)
from kraftsamling.funds.money import MAX_ORE

Ore = StrictInt


class EffectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indicator: str = Field(max_length=64, description="An indicator id of the statistics.")
    direction: Direction


class PartnerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    kind: PartnerKind


class CallOffContent(BaseModel):
    """What an officer fills in; a draft may leave anything empty."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field("", max_length=200)
    description: str = Field("", max_length=20_000)
    process: Process | None = None
    themes: list[Theme] = Field(default_factory=list)
    other_theme: str = Field("", max_length=500)
    areas: list[str] = Field(default_factory=list, description="Area codes.")
    area_reason: str = Field("", max_length=5000)
    age_bands: list[AgeBand] = Field(default_factory=list)
    reach: int | None = Field(None, ge=1, le=1_000_000)
    effects: list[EffectIn] = Field(default_factory=list)
    amount_ore: Ore | None = Field(None, ge=1, le=MAX_ORE)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    co_financing_ore: Ore = Field(0, ge=0, le=MAX_ORE)
    partners: list[PartnerIn] = Field(default_factory=list)
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)

    def to_content(self) -> Content:
        return Content(
            title=self.title, description=self.description,
            process=self.process.value if self.process else "",
            themes=tuple(t.value for t in self.themes), other_theme=self.other_theme,
            areas=tuple(a.strip() for a in self.areas if a.strip()), area_reason=self.area_reason,
            age_bands=tuple(b.value for b in self.age_bands), reach=self.reach,
            effects=tuple(Effect(e.indicator, e.direction) for e in self.effects),
            amount=self.amount_ore, period_start=self.period_start, period_end=self.period_end,
            co_financing=self.co_financing_ore,
            partners=tuple(Partner(p.name, p.kind) for p in self.partners),
            contact_name=self.contact_name, contact_email=self.contact_email,
        )  # fmt: skip

    @classmethod
    def of(cls, data: dict[str, Any]) -> CallOffContent:
        stored = dict(data)
        stored["amount_ore"] = stored.pop("amount", None)
        stored["co_financing_ore"] = stored.pop("co_financing", 0)
        stored["process"] = stored.get("process") or None
        return cls.model_validate(stored)


class CallOffCreate(CallOffContent):
    fund_id: int = Field(ge=1)
    year: int = Field(ge=2000, le=2100)
    organisation: str | None = Field(
        None, description="Organisation code; only an admin may draft for another organisation."
    )


class CallOffUpdate(CallOffContent):
    version: int = Field(ge=0, description="The version the change was made on (stale: 409).")


class Versioned(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=0)


class ReturnIn(Versioned):
    message: str = Field(min_length=1, max_length=20_000)


class AssessIn(Versioned):
    recommendation: str = Field(pattern="^(full|partial|none)$")
    partial_amount_ore: Ore | None = Field(None, ge=1, le=MAX_ORE)
    assessment: str = Field(max_length=20_000)


class DecideIn(Versioned):
    granted: bool
    amount_ore: Ore | None = Field(None, ge=1, le=MAX_ORE)
    body: str = Field(min_length=1, max_length=200, description="Delegation rule code or name.")
    meeting_date: dt.date
    paragraph: str | None = Field(None, max_length=12)
    text: str = Field("", max_length=20_000)


class MoneyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_ore: Ore = Field(ge=1, le=MAX_ORE)
    paid_on: dt.date
    reference: str = Field("", max_length=100)


class FrameIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    amount_ore: Ore = Field(ge=0, le=MAX_ORE)
    decision_id: int = Field(ge=1)


class FindingOut(BaseModel):
    field: str
    message: str

    @classmethod
    def of(cls, f: Finding) -> FindingOut:
        return cls(field=f.field, message=f.message)


class FiguresOut(BaseModel):
    amount_ore: int
    requested_ore: int
    recommended_ore: int
    granted_ore: int
    paid_ore: int
    returned_ore: int
    remaining_ore: int


class BurdenOut(BaseModel):
    submitted: int
    median_days_to_decision: float | None
    median_days_to_payment: float | None
    share_returned: float | None
    median_fields: float | None


class FrameOut(BaseModel):
    id: int
    year: int
    decision: str
    figures: FiguresOut
    burden: BurdenOut


class RuleOut(BaseModel):
    body: str
    body_name: str
    max_amount_ore: int | None
    delegated: bool


class FundOut(BaseModel):
    id: int
    code: str
    name_sv: str
    name_en: str
    municipality: str
    light_limit_ore: int
    rules: list[RuleOut]
    frames: list[FrameOut]


class PaymentOut(BaseModel):
    kind: str
    amount_ore: int
    paid_on: dt.date
    reference: str


class CallOffSummary(BaseModel):
    id: int
    case_number: str | None
    status: str
    version: int
    organisation: str
    title: str
    year: int
    amount_ore: int | None
    recommended_ore: int | None
    granted_ore: int
    paid_ore: int
    decision_body: str | None


class CallOffDetail(CallOffSummary):
    content: CallOffContent
    return_message: str | None
    recommendation: str | None
    assessment: str | None
    decision: str | None
    refunded_ore: int
    released_ore: int
    payments: list[PaymentOut]
    findings: list[FindingOut]
    actions: list[str]


class DecisionOut(BaseModel):
    id: int
    body: str
    body_kind: str
    meeting_date: dt.date
    paragraph: str | None
    case_number: str | None
    heading: str
    text: str
    reference: str
    invented: bool


class GrantOut(BaseModel):
    """One grant in the 360Giving Data Standard's field names (camelCase, as the standard)."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    title: str
    description: str
    currency: str
    amountAwarded: float
    amountDisbursed: float
    awardDate: dt.date
    recipientOrganization: list[dict[str, str]]
    fundingOrganization: list[dict[str, str]]
    beneficiaryLocation: list[dict[str, str]]
    grantProgramme: list[dict[str, str]]
