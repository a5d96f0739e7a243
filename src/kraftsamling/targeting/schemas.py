"""Request and response shapes of ``/api/v1/targeting``."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from kraftsamling.targeting.rules import Stance


class RoundCreate(BaseModel):
    """A new round: the finished index run to choose from, how many areas to propose, a title."""

    model_config = ConfigDict(extra="forbid")

    index_run_id: int
    k: int = Field(10, ge=1, description="The k best-ranked areas are proposed and selected.")
    title: str = Field(max_length=200)


class SelectionUpdate(BaseModel):
    """The complete new selection: the codes of every area that should be selected."""

    model_config = ConfigDict(extra="forbid")

    selected: list[str]


class ConsultationOpen(BaseModel):
    """Invite organisations (codes of committees or companies) to comment until ``deadline``."""

    model_config = ConfigDict(extra="forbid")

    organisations: list[str] = Field(default_factory=list)
    deadline: dt.date = Field(description="Last day (inclusive, Swedish time) for comments.")


class CommentCreate(BaseModel):
    """A comment; ``organisation`` defaults to the user's own (officers may use no other)."""

    model_config = ConfigDict(extra="forbid")

    stance: Stance
    text: str = Field(max_length=5000)
    area_code: str | None = None
    organisation: str | None = None


class FinaliseRequest(BaseModel):
    """The written rationale of the decision, and the decision it rests on if any."""

    model_config = ConfigDict(extra="forbid")

    rationale: str
    decision_ref: str | None = Field(None, max_length=300, examples=["KS 2026-03-04 § 51"])


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
