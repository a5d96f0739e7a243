"""A call-off's attachments: uploaded while the applying body may still change the call-off,
checked by content (:mod:`kraftsamling.core.files`), one audit entry each; read by whoever may
read the call-off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User, actor_of
from kraftsamling.core import audit
from kraftsamling.core.errors import NotFound
from kraftsamling.core.files import Attachment, store
from kraftsamling.funds.service import get_call_off
from kraftsamling.funds.workflow import Action, ensure_may, next_status

OWNER_TYPE = "call_off"


def attach(
    session: Session,
    *,
    call_off_id: int,
    filename: str,
    data: bytes,
    user: User,
    request_id: str | None = None,
    clock: Callable[[], dt.datetime] = audit.utc_now,
) -> Attachment:
    """Store ``data`` as an attachment of a draft or of a call-off returned for completion."""
    call_off = get_call_off(session, call_off_id)
    ensure_may(
        Action.EDIT,
        role=user.role_enum,
        own_organisation_id=user.organisation_id,
        organisation_id=call_off.organisation_id,
    )
    next_status(Action.EDIT, call_off.status_enum)
    attachment = store(
        data, filename, owner_type=OWNER_TYPE, owner_id=call_off.id, user_id=user.id, at=clock()
    )
    session.add(attachment)
    session.flush()
    audit.record(
        session,
        actor=actor_of(user),
        action="create",
        object_type="attachment",
        object_id=attachment.id,
        after=audit.snapshot(attachment, exclude=("data",)),
        request_id=request_id,
        clock=clock,
    )
    return attachment


def attachments_of(session: Session, call_off_id: int) -> list[Attachment]:
    return list(
        session.scalars(
            select(Attachment)
            .where(Attachment.owner_type == OWNER_TYPE, Attachment.owner_id == call_off_id)
            .order_by(Attachment.id)
        )
    )


def attachment_of(session: Session, call_off_id: int, attachment_id: int) -> Attachment:
    """One attachment of the call-off; ``NotFound`` when it belongs to another object."""
    found = session.get(Attachment, attachment_id)
    if found is None or found.owner_type != OWNER_TYPE or found.owner_id != call_off_id:
        raise NotFound(
            f"Call-off {call_off_id} has no attachment {attachment_id}.",
            key="funds.error.attachment_missing",
            attachment_id=attachment_id,
        )
    return found
