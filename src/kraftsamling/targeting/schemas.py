"""Request and response shapes of ``/api/v1/targeting`` and ``/api/v1/public/targets``."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kraftsamling.decisions.rules import BodyKind
from kraftsamling.decisions.service import DecisionIn
from kraftsamling.targeting.rules import Stance
from kraftsamling.web.deps import MAX_RECORD_ID

if TYPE_CHECKING:
    from kraftsamling.targeting.public import TargetsPage

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TOP_K_DESCRIPTION = (
    "The index run's k that every p_top_k refers to: p_top_k is the share of the run's Monte "
    "Carlo draws in which the area is among the top_k most vulnerable. Null when the run did "
    "not record it. Not the round's own k."
)


class RoundCreate(BaseModel):
    """A new round: the finished index run to choose from, how many areas to propose, a title."""

    model_config = ConfigDict(extra="forbid")

    index_run_id: int = Field(ge=1, le=MAX_RECORD_ID)
    k: int = Field(
        10, ge=1, le=MAX_RECORD_ID, description="The k best-ranked areas are proposed and selected."
    )
    title: str = Field(max_length=200)


class SelectionUpdate(BaseModel):
    """The complete new selection: the codes of every area that should be selected."""

    model_config = ConfigDict(extra="forbid")

    selected: list[str]


class ConsultationOpen(BaseModel):
    """Invite organisations (codes of committees or companies) to comment until ``deadline``."""

    model_config = ConfigDict(extra="forbid")

    organisations: list[str] = Field(default_factory=list)
    deadline: dt.date = Field(
        description="Last day (inclusive, Swedish time) for comments, written YYYY-MM-DD: "
        "after today and at most 365 days ahead."
    )

    @field_validator("deadline", mode="before")
    @classmethod
    def _only_calendar_dates(cls, value: Any) -> Any:
        # Pydantic would also take 20261220, week dates and Unix timestamps.
        if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
            raise ValueError("deadline must be a date written YYYY-MM-DD")
        return value


class CommentCreate(BaseModel):
    """A comment; ``organisation`` defaults to the user's own (officers may use no other)."""

    model_config = ConfigDict(extra="forbid")

    stance: Stance
    text: str = Field(max_length=5000)
    area_code: str | None = None
    organisation: str | None = None


class DecisionRecordIn(BaseModel):
    """The decision a round rests on, as the decision register records it."""

    model_config = ConfigDict(extra="forbid")

    body_kind: BodyKind = BodyKind.BOARD
    body: str = Field(min_length=1, max_length=200, examples=["Kommunstyrelsen"])
    meeting_date: dt.date
    paragraph: str | None = Field(None, max_length=12, examples=["§ 51"])
    case_number: str | None = Field(None, max_length=24, examples=["STK-2024-1374"])

    def to_decision(self, heading: str) -> DecisionIn:
        return DecisionIn(
            body_kind=self.body_kind,
            body=self.body,
            meeting_date=self.meeting_date,
            heading=heading,
            paragraph=self.paragraph,
            case_number=self.case_number,
        )


class FinaliseRequest(BaseModel):
    """The written rationale of the decision, and the decision it rests on if any: a record for
    the decision register (``decision``), or else a free-text ``decision_ref``."""

    model_config = ConfigDict(extra="forbid")

    rationale: str
    decision: DecisionRecordIn | None = None
    decision_ref: str | None = Field(None, max_length=300, examples=["KS 2026-03-04 § 51"])


class CancelRequest(BaseModel):
    """Why the round is stopped without a decision; kept in the audit trail."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(examples=["Nämnderna begärde ett nytt underlag med 2026 års siffror."])


class RoundPublic(BaseModel):
    """A round without its areas, invitations and comments."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    index_run_id: int
    k: int
    status: str
    deadline: dt.date | None
    version: int | None
    rationale: str | None
    decision_ref: str | None
    proposed_by: int
    proposed_at: dt.datetime
    consultation_opened_at: dt.datetime | None
    finalised_by: int | None
    finalised_at: dt.datetime | None
    superseded_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class AreaPublic(BaseModel):
    """One area of a round with its index result when the round was created."""

    model_config = ConfigDict(from_attributes=True)

    area_code: str
    area_name: str
    rank: int | None
    score: float | None
    area_class: int | None
    rank_p05: float | None
    rank_median: float | None
    rank_p95: float | None
    p_top_k: float | None
    proposed: bool
    selected: bool


class InvitationPublic(BaseModel):
    organisation: str
    organisation_name: str
    invited_at: dt.datetime


class CommentPublic(BaseModel):
    id: int
    organisation: str
    organisation_name: str
    author_name: str
    stance: str
    text: str
    area_code: str | None
    created_at: dt.datetime


class RoundDetail(RoundPublic):
    """A round with its areas (rank order), invitations and comments."""

    areas: list[AreaPublic]
    invitations: list[InvitationPublic]
    comments: list[CommentPublic]
    top_k: int | None = Field(description=TOP_K_DESCRIPTION)


class TargetAreaPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    rank: int | None
    score: float | None
    area_class: int | None
    rank_p05: float | None
    rank_p95: float | None
    p_top_k: float | None


class CurrentTargetsPublic(BaseModel):
    """The newest finalised round and its selected areas; ``round`` is null before any."""

    round: RoundPublic | None
    areas: list[TargetAreaPublic]
    top_k: int | None = Field(None, description=TOP_K_DESCRIPTION)


class PublicTargetsOut(BaseModel):
    """The current target areas as the public page shows them; ``version`` is null (and
    ``areas`` empty) before the first decision."""

    version: int | None = Field(description="1, 2, 3, ... in the order decisions were made.")
    title: str
    finalised_at: dt.datetime | None
    rationale: str = Field(description="The written rationale of the decision, published.")
    decision_ref: str | None
    index_run_year: int | None = Field(description="The statistics year of the index run.")
    k: int | None = Field(description="How many areas the index proposed in the round.")
    top_k: int | None = Field(description=TOP_K_DESCRIPTION)
    synthetic: bool = Field(description="True when the areas are made-up demo data.")
    areas: list[TargetAreaPublic] = Field(description="The target areas, in rank order.")

    @classmethod
    def of(cls, page: TargetsPage) -> PublicTargetsOut:
        return cls(
            version=page.version,
            title=page.title,
            finalised_at=page.finalised_at,
            rationale=page.rationale,
            decision_ref=page.decision_ref,
            index_run_year=page.run_year,
            k=page.k,
            top_k=page.top_k,
            synthetic=page.synthetic,
            areas=[TargetAreaPublic.model_validate(a) for a in page.targets],
        )
