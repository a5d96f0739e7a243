"""Browsing and exporting the audit trail: filters, pages of entries, CSV for spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from kraftsamling.core.audit import AuditEntry, aware_utc
from kraftsamling.core.audit_chain import canonical_json, utc_timestamp


@dataclass(frozen=True)
class AuditFilter:
    """Criteria for browsing the trail; ``None`` means any. ``until`` is exclusive."""

    actor_id: int | None = None
    object_type: str | None = None
    object_id: str | None = None
    action: str | None = None
    request_id: str | None = None
    decision_ref: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        """Add this filter's conditions to a select over ``AuditEntry``."""
        for name in (
            "actor_id",
            "object_type",
            "object_id",
            "action",
            "request_id",
            "decision_ref",
        ):
            value = getattr(self, name)
            if value is not None:
                stmt = stmt.where(getattr(AuditEntry, name) == value)
        if self.since is not None:
            stmt = stmt.where(AuditEntry.at >= aware_utc(self.since, "since"))
        if self.until is not None:
            stmt = stmt.where(AuditEntry.at < aware_utc(self.until, "until"))
        return stmt


def query(
    session: Session,
    filters: AuditFilter | None = None,
    *,
    limit: int | None = 100,
    offset: int = 0,
    newest_first: bool = True,
) -> list[AuditEntry]:
    """Entries matching ``filters``, newest first by default, one page at a time."""
    stmt = (filters or AuditFilter()).apply(select(AuditEntry))
    order = AuditEntry.id.desc() if newest_first else AuditEntry.id
    return list(session.scalars(stmt.order_by(order).offset(offset).limit(limit)))


def count(session: Session, filters: AuditFilter | None = None) -> int:
    """How many entries match ``filters``."""
    stmt = (filters or AuditFilter()).apply(select(func.count()).select_from(AuditEntry))
    return int(session.scalar(stmt) or 0)


CSV_COLUMNS = (
    "id", "at", "actor_id", "actor_label", "action", "object_type", "object_id",
    "before", "after", "request_id", "decision_ref", "prev_hash", "hash",
)  # fmt: skip
# Cells starting with these are run as formulas by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return utc_timestamp(value)
    # Snapshots as canonical JSON, so that a text snapshot "x" reads "\"x\"" and not x.
    text_value = canonical_json(value) if name in ("before", "after") else str(value)
    return "'" + text_value if text_value.startswith(_FORMULA_START) else text_value


def iter_rows(session: Session, filters: AuditFilter | None = None) -> Iterator[list[str]]:
    """CSV cells of the matching entries, oldest first; ``before``/``after`` as canonical JSON."""
    stmt = (filters or AuditFilter()).apply(select(AuditEntry.__table__)).order_by(AuditEntry.id)
    for row in session.execute(stmt.execution_options(yield_per=2000)):
        yield [_cell(name, getattr(row, name)) for name in CSV_COLUMNS]


# Swedish Excel opens a file as UTF-8 only with a byte-order mark, and splits columns on ";"
# (the comma is the decimal separator in a Swedish locale).
CSV_BOM = "\ufeff"
CSV_DELIMITER = ";"


def export_csv(session: Session, file: TextIO, filters: AuditFilter | None = None) -> int:
    """Write the matching entries to ``file`` as CSV; return the row count.

    UTF-8 with a byte-order mark, semicolons and CRLF line ends, so the file opens in
    Swedish Excel as it is; a header row. Text that a spreadsheet would run as a formula gets
    a leading ``'``. Recording that the export happened (action ``export``) is the caller's
    job, as the caller knows who asked.
    """
    file.write(CSV_BOM)
    writer = csv.writer(file, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    written = 0
    for cells in iter_rows(session, filters):
        writer.writerow(cells)
        written += 1
    return written
