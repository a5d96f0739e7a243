"""Shared data of the index-run tests (a module name no other test folder uses)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User
from kraftsamling.core.audit import utc_now
from kraftsamling.targeting.models import SelectionRound

TINY_SPEC = """
[index]
id = "tiny"
name = "Litet testindex"
id_column = "area_code"

[[indicator]]
id = "poverty"
direction = "higher_is_worse"

[[indicator]]
id = "jobs"
direction = "higher_is_better"
"""


def decide(session: Session, run_id: int) -> None:
    """A finalised selection round on ``run_id``, written directly (needs a stored user): the
    current target areas are then decided on that run."""
    user = session.scalars(select(User).order_by(User.id)).first()
    assert user is not None, "decide() needs a stored user"
    session.add(
        SelectionRound(title="Beslut", index_run_id=run_id, k=1, status="finalised", version=1,
                       proposed_by=user.id, proposed_at=utc_now())
    )  # fmt: skip
