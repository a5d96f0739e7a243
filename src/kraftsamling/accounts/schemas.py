"""Outgoing shapes of the accounts API. No hash or secret is ever part of one."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class OrganisationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name_sv: str
    name_en: str
    kind: str


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    role: str
    organisation: OrganisationPublic


class UserAdminView(UserPublic):
    """What an admin sees of an account: also whether it may log in now."""

    active: bool
    must_change_password: bool


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The one error shape of ``/api/v1``."""

    error: ErrorDetail
