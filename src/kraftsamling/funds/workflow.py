"""The call-off's workflow as a pure state machine: no storage, no web.

::

    draft --submit--> submitted --assess--> assessed --decide--> granted --pay--> paid
      ^                 |    ^                 |                     |            |  (pay again)
      |            return|    |resubmit        +--decide--> rejected  |            v
      |                 v    |                                       +---close--> reporting
      +--- (edit) --- returned                                                     |
                                                                        close  --> closed
    withdraw: draft, submitted, returned or assessed --> withdrawn (by the submitting body)

Who may do what:

* ``edit``, ``submit``, ``resubmit``, ``withdraw``: an officer of the call-off's own
  organisation, or an admin.
* ``return``, ``assess``, ``decide``, ``pay``, ``report``, ``close``, ``refund``: a coordinator
  or an admin, and never for a call-off of their own organisation (nobody assesses or decides
  their own organisation's call-off).

Viewers change nothing. Every refusal carries a ``key`` into :mod:`kraftsamling.funds.messages`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kraftsamling.accounts.roles import Role
from kraftsamling.core.errors import InvalidInput, PermissionDenied


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ASSESSED = "assessed"
    GRANTED = "granted"
    REJECTED = "rejected"
    PAID = "paid"
    REPORTING = "reporting"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    RESUBMIT = "resubmit"
    ASSESS = "assess"
    DECIDE = "decide"
    PAY = "pay"
    REPORT = "report"  # start the reporting period: the money is out, reports are due
    CLOSE = "close"
    REFUND = "refund"  # money paid back to the frame
    WITHDRAW = "withdraw"


class Side(StrEnum):
    """Whose turn an action is: the body that applies, or the city office that handles."""

    APPLICANT = "applicant"
    CITY_OFFICE = "city_office"


@dataclass(frozen=True)
class Step:
    side: Side
    sources: frozenset[Status]
    # None: the target depends on the input (a decision grants or rejects; edits stay put).
    target: Status | None


S = Status
STEPS: dict[Action, Step] = {
    Action.EDIT: Step(Side.APPLICANT, frozenset({S.DRAFT, S.RETURNED}), None),
    Action.SUBMIT: Step(Side.APPLICANT, frozenset({S.DRAFT}), S.SUBMITTED),
    Action.RETURN: Step(Side.CITY_OFFICE, frozenset({S.SUBMITTED}), S.RETURNED),
    Action.RESUBMIT: Step(Side.APPLICANT, frozenset({S.RETURNED}), S.SUBMITTED),
    Action.ASSESS: Step(Side.CITY_OFFICE, frozenset({S.SUBMITTED}), S.ASSESSED),
    Action.DECIDE: Step(Side.CITY_OFFICE, frozenset({S.ASSESSED}), None),
    Action.PAY: Step(Side.CITY_OFFICE, frozenset({S.GRANTED, S.PAID}), S.PAID),
    Action.REPORT: Step(Side.CITY_OFFICE, frozenset({S.PAID}), S.REPORTING),
    Action.CLOSE: Step(Side.CITY_OFFICE, frozenset({S.GRANTED, S.PAID, S.REPORTING}), S.CLOSED),
    Action.REFUND: Step(Side.CITY_OFFICE, frozenset({S.PAID, S.REPORTING, S.CLOSED}), None),
    Action.WITHDRAW: Step(
        Side.APPLICANT, frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.ASSESSED}), S.WITHDRAWN
    ),
}
# States in which the call-off's amount counts as requested from the frame.
PENDING = frozenset({S.SUBMITTED, S.RETURNED, S.ASSESSED})
# States in which the call-off holds a grant.
HOLDS_GRANT = frozenset({S.GRANTED, S.PAID, S.REPORTING, S.CLOSED})
FINAL = frozenset({S.REJECTED, S.CLOSED, S.WITHDRAWN})


def next_status(action: Action, status: Status, *, granted: bool | None = None) -> Status:
    """The status after ``action`` on a call-off in ``status``; ``InvalidInput`` (key
    ``funds.error.order``) when the workflow does not allow it there.

    >>> next_status(Action.SUBMIT, Status.DRAFT)
    <Status.SUBMITTED: 'submitted'>
    >>> next_status(Action.DECIDE, Status.ASSESSED, granted=False)
    <Status.REJECTED: 'rejected'>
    """
    step = STEPS[action]
    if status not in step.sources:
        raise InvalidInput(
            f"A call-off in status {status.value!r} cannot be {action.value!r}ed; that is "
            f"allowed in: {', '.join(sorted(s.value for s in step.sources))}.",
            key="funds.error.order",
            action=action.value,
            status=status.value,
        )
    if step.target is not None:
        return step.target
    if action is Action.DECIDE:
        return Status.GRANTED if granted else Status.REJECTED
    return status


def may(action: Action, *, role: Role, own_organisation_id: int, organisation_id: int) -> bool:
    """True when a user of ``role`` in ``own_organisation_id`` may take ``action`` on a
    call-off of ``organisation_id`` (whatever its status)."""
    own = own_organisation_id == organisation_id
    if STEPS[action].side is Side.APPLICANT:
        return role is Role.ADMIN or (role is Role.OFFICER and own)
    return role in (Role.ADMIN, Role.COORDINATOR) and not own


def ensure_may(
    action: Action, *, role: Role, own_organisation_id: int, organisation_id: int
) -> None:
    """Raise ``PermissionDenied`` (key ``funds.error.role.<side>``) unless :func:`may` allows."""
    if may(
        action, role=role, own_organisation_id=own_organisation_id, organisation_id=organisation_id
    ):
        return
    side = STEPS[action].side
    if side is Side.APPLICANT:
        why = "only an officer of the applying organisation (or an admin) may do that"
    else:
        why = (
            "only a coordinator or an admin may do that, and never for a call-off of their "
            "own organisation"
        )
    raise PermissionDenied(
        f"Role {role.value!r} of organisation {own_organisation_id} may not {action.value} a "
        f"call-off of organisation {organisation_id}: {why}.",
        key=f"funds.error.role.{side.value}",
        action=action.value,
    )


def available(
    status: Status, *, role: Role, own_organisation_id: int, organisation_id: int
) -> list[Action]:
    """The actions this user may take on a call-off in ``status`` now (for showing forms)."""
    return [
        action
        for action, step in STEPS.items()
        if status in step.sources
        and may(
            action,
            role=role,
            own_organisation_id=own_organisation_id,
            organisation_id=organisation_id,
        )
    ]
