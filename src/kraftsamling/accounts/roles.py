"""Roles, organisation kinds and the permission rules between them (pure, no storage).

admin        manages accounts; reads and changes everything
coordinator  works at the city office; runs the index, targeting and reviews
officer      acts for their own organisation only (call-offs, reports, answers)
viewer       reads internal pages and changes nothing (politicians, auditors)
"""

from __future__ import annotations

from enum import StrEnum

from kraftsamling.core.errors import InvalidInput, PermissionDenied


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    OFFICER = "officer"
    VIEWER = "viewer"


class OrganisationKind(StrEnum):
    CITY_OFFICE = "city_office"
    COMMITTEE = "committee"
    COMPANY = "company"
    DECISION_BODY = "decision_body"
    PARTNER = "partner"


# Roles that may change data somewhere; a viewer is never among them.
WRITING_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.OFFICER})
# Roles that act across organisations rather than for their own one.
CROSS_ORGANISATION_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


def parse_role(value: str) -> Role:
    """The role named ``value``; raises ``InvalidInput`` naming the allowed roles."""
    try:
        return Role(value)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(
            f"Unknown role {value!r}; expected one of: {allowed}.",
            key="accounts.users.error.role",
            role=value[:40],
        ) from None


def check_role_fits_organisation(role: Role, kind: OrganisationKind) -> None:
    """Refuse a coordinator outside the city office: coordination is the city office's task."""
    if role is Role.COORDINATOR and kind is not OrganisationKind.CITY_OFFICE:
        raise InvalidInput(
            f"A coordinator must belong to the city office (kind 'city_office'); "
            f"got an organisation of kind {kind.value!r}.",
            key="accounts.users.error.coordinator",
        )


def can_act_for(role: Role, own_organisation_id: int, organisation_id: int) -> bool:
    """True when ``role`` in ``own_organisation_id`` may change data of ``organisation_id``."""
    if role in CROSS_ORGANISATION_ROLES:
        return True
    return role is Role.OFFICER and own_organisation_id == organisation_id


def ensure_can_act_for(role: Role, own_organisation_id: int, organisation_id: int) -> None:
    """Raise ``PermissionDenied`` unless :func:`can_act_for` allows the change."""
    if not can_act_for(role, own_organisation_id, organisation_id):
        raise PermissionDenied(
            f"Role {role.value!r} of organisation {own_organisation_id} may not change data of "
            f"organisation {organisation_id}; officers act for their own organisation only and "
            "viewers change nothing."
        )
