"""The ``index_runs`` table: one stored run of an index spec on one year's statistics.

The spec is kept verbatim (``spec_toml``) with its hash, and the input columns' hash, so a run
can be reproduced and two runs compared. ``result`` maps each area code to its output row.
Revision ``0004_index_runs`` creates exactly this table.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kraftsamling.core.audit import UTCDateTime
from kraftsamling.core.db import Base


class RunStatus(enum.StrEnum):
    """Where a run is: waiting for the worker, computing, finished, or stopped by an error."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


_STATUSES = ", ".join(f"'{s.value}'" for s in RunStatus)


class IndexRun(Base):
    """An index spec run on the stored observations of ``year`` at ``level``."""

    __tablename__ = "index_runs"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    spec_toml: Mapped[str] = mapped_column(Text)
    spec_id: Mapped[str] = mapped_column(String(100))
    spec_hash: Mapped[str] = mapped_column(String(64))
    data_hash: Mapped[str | None] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default=RunStatus.QUEUED.value)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    n_draws: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    top_k: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"IndexRun(id={self.id}, spec_id={self.spec_id!r}, status={self.status!r})"
