"""Request and response shapes of ``/api/v1/index-runs``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kraftsamling.runs.service import MAX_DRAWS, MAX_INT


class RunCreate(BaseModel):
    """A new run: a stored spec's key or a whole TOML spec, and the year to run it on."""

    model_config = ConfigDict(extra="forbid")

    spec: str | None = Field(None, description="Key of a stored spec, e.g. 'malmo_utsatthet'.")
    spec_toml: str | None = Field(None, description="A whole TOML spec (instead of 'spec').")
    year: int = Field(ge=1, le=9999)
    level: str = "sub_area"
    n_draws: int = Field(200, ge=1, le=MAX_DRAWS)
    seed: int = Field(0, ge=0, le=MAX_INT, description="Random seed of the Monte Carlo draws.")
    top_k: int | None = Field(
        None, ge=1, le=MAX_INT,
        description="k of 'among the k most vulnerable'; at most the number of areas with "
        "observations in 'year'.",
    )  # fmt: skip
    name: str | None = Field(None, max_length=200)


class RunPublic(BaseModel):
    """A run without its ranking."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    spec_id: str
    spec_hash: str
    data_hash: str | None
    year: int
    level: str
    status: str
    progress: int
    error: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    n_draws: int
    seed: int
    top_k: int | None


class RunDetail(RunPublic):
    """A run with its ranking: one row per area, sorted by rank."""

    areas: list[dict[str, Any]] = Field(default_factory=list)


class MethodIndicatorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name_sv: str
    name_en: str
    unit: str
    direction: str = Field(description="'higher_is_worse' or 'higher_is_better'.")
    weight: float = Field(description="The weight among the members of its group.")
    group: str | None
    share: float = Field(description="Share of the whole index's weight (0-1).")


class MethodGroupOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name_sv: str
    name_en: str
    weight: float
    aggregation: str
    share: float


class MethodBlockOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str = Field(description="'text' (sentences) or 'list' (the items of one list).")
    lines: list[str]


class MethodSectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    heading: str
    blocks: list[MethodBlockOut]


class UncertaintyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    n_draws: int
    seed: int
    top_k: int | None
    steps: list[str] = Field(description="What each draw varies: some of weights, "
                             "normalisation, imputation, outliers, inclusion.")  # fmt: skip
    weight_spread: float = Field(description="Weights are multiplied by U(1 - s, 1 + s).")
    leave_out_probability: float
    normalisations: list[str]


class IndexMethodOut(BaseModel):
    """How the reference run's index is built: the run the current target areas were decided
    on, else the newest finished run at level sub_area."""

    model_config = ConfigDict(from_attributes=True)

    spec_id: str
    name: str
    description: str
    source: str
    year: int
    finished_at: dt.datetime | None
    direction: str
    indicators: list[MethodIndicatorOut]
    groups: list[MethodGroupOut]
    sections: list[MethodSectionOut] = Field(description="The method in words, in 'lang'.")
    uncertainty: UncertaintyOut
    decided: bool = Field(
        description="True when the current target areas were decided on this run; false when "
        "none are decided yet and it is the newest finished run."
    )
