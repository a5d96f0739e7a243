"""The lock every transaction that writes money takes first: the budget frame's row.

PostgreSQL: ``SELECT ... FOR UPDATE`` on the frame's row; a concurrent grant on the same frame
waits until this transaction ends, then reads the totals it left. SQLite: the transaction
begins ``IMMEDIATE`` (the database's write lock, waited for up to the busy timeout), so no
other writer can slip between reading what remains and granting it. The CHECK constraints on
the frame are the second line: a write that skipped the lock still cannot overspend.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.core.errors import NotFound
from kraftsamling.funds.models import BudgetFrame


def begin_immediate(session: Session) -> None:
    """On SQLite, make the session's transaction a writing one now (no-op on PostgreSQL)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    dbapi = session.connection().connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        dbapi.execute("BEGIN IMMEDIATE")


def lock_frame(session: Session, frame_id: int) -> BudgetFrame:
    """The frame ``frame_id``, locked for writing until the transaction ends, freshly read."""
    begin_immediate(session)
    # Lock the row alone (PostgreSQL refuses FOR UPDATE across the frame's outer joins), then
    # read the frame afresh: the totals a concurrent transaction committed are the ones used.
    locked = session.scalar(
        select(BudgetFrame.id).where(BudgetFrame.id == frame_id).with_for_update()
    )
    frame = (
        session.get(BudgetFrame, frame_id, populate_existing=True) if locked is not None else None
    )
    if frame is None:
        raise NotFound(
            f"No budget frame with id {frame_id}.",
            key="funds.error.frame_missing",
            frame_id=frame_id,
        )
    return frame
