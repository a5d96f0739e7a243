"""Request and response shapes of ``/api/v1/index-runs``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RunCreate(BaseModel):
    """A new run: a stored spec's key or a whole TOML spec, and the year to run it on."""

    model_config = ConfigDict(extra="forbid")

    spec: str | None = Field(None, description="Key of a stored spec, e.g. 'malmo_utsatthet'.")
    spec_toml: str | None = Field(None, description="A whole TOML spec (instead of 'spec').")
    year: int
    level: str = "sub_area"
    n_draws: int = Field(200, ge=1, le=10_000)
    seed: int = 0
    top_k: int | None = Field(None, ge=1)
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
