"""Outgoing shapes of ``/api/v1/audit``."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field, JsonValue


class AuditEntryPublic(BaseModel):
    """One entry of the trail, with whether it checks out against the entry before it."""

    id: int
    at: dt.datetime
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str | None
    before: JsonValue
    after: JsonValue
    request_id: str | None
    decision_ref: str | None
    hash: str
    prev_hash: str
    verified: bool = Field(description="The entry's hash and its link to its predecessor hold.")
    problem: str | None = Field(None, description="Why the entry does not verify, if it does not.")


class AuditPagePublic(BaseModel):
    """One page of matching entries, newest first, and links to the pages around it."""

    items: list[AuditEntryPublic]
    page: int
    per_page: int
    total: int
    pages: int
    next: str | None = Field(None, description="URL of the next page, if any.")
    previous: str | None = Field(None, description="URL of the previous page, if any.")
