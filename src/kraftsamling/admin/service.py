"""Browsing and exporting the audit trail: filters from a form, pages, link checks, CSV.

Filters arrive as text (a query string) and are checked here, so the page and its JSON twin
refuse the same values with the same reasons; the page also refuses a name that is no filter,
since its form never sends one. Dates are calendar days in Sweden; "to" is inclusive. Each
entry on a page is checked against its predecessor in the chain (its own hash and its link),
which costs one query per page instead of walking the whole trail.

The CSV export uses semicolons: Excel with Swedish regional settings, where the decimal
separator is a comma, splits a double-clicked CSV file on semicolons only and would show a
comma-separated one in a single column. A byte-order mark makes it read the file as UTF-8.
Cells hold the stored values (UTC times, canonical JSON, hashes), so the chain can be
re-verified from the file alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.service import list_users
from kraftsamling.core import audit, audit_query
from kraftsamling.core.audit import Action, Actor, AuditEntry, Clock, utc_now
from kraftsamling.core.audit_chain import (
    GENESIS,
    BreakKind,
    ChainBreak,
    check_link,
)
from kraftsamling.core.audit_query import AuditFilter
from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.formatting import LOCAL_ZONE

PER_PAGE = 50
MAX_PER_PAGE = 200
# Far beyond any real trail, and small enough that no database overflows on the offset or id.
MAX_NUMBER = 2**31 - 1
FILTER_FIELDS = ("actor_id", "action", "object_type", "object_id", "date_from", "date_to")
# What the page's query string may name besides the filters: its page and language switch.
PAGE_PARAMETERS = (*FILTER_FIELDS, "page", "lang")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class FilterProblem:
    """One filter value that cannot be used: the field, why (a short code) and the value."""

    field: str
    reason: str  # "number", "name", "date", "order", "length", "page", "unknown"
    value: str

    def __str__(self) -> str:
        if self.reason == "unknown":
            known = ", ".join(FILTER_FIELDS)
            return (
                f"There is no filter {self.field!r} (got {self.value!r}); the filters are {known}."
            )
        expected = {
            "number": "a whole number above zero",
            "name": "a lower-case name like 'state_change'",
            "date": "a date like 2026-02-01",
            "order": "a date on or after date_from",
            "length": "at most 200 characters",
            "page": f"a whole number from 1 (per_page: 1 to {MAX_PER_PAGE})",
        }[self.reason]
        return f"The {self.field!r} filter must be {expected}; got {self.value!r}."


class InvalidFilter(InvalidInput):
    """Raised when one or more audit filters cannot be read; ``problems`` names each."""

    def __init__(self, problems: list[FilterProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(str(p) for p in problems))


def _number(text: str) -> int | None:
    """A whole number from 1 to ``MAX_NUMBER`` written in ASCII digits, else ``None``."""
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_NUMBER else None


def _day(text: str) -> dt.date | None:
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 2026-13-01, 2026-02-30
        return None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), LOCAL_ZONE)


def clean_values(values: Mapping[str, str | None]) -> dict[str, str]:
    """The filter fields of ``values``, trimmed, empty ones left out (for links and forms)."""
    found = {name: (values.get(name) or "").strip() for name in FILTER_FIELDS}
    return {name: value for name, value in found.items() if value}


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def parse_filters(
    values: Mapping[str, str | None], *, known: tuple[str, ...] | None = None
) -> AuditFilter:
    """An :class:`AuditFilter` from text values; raises :class:`InvalidFilter` naming each bad one.

    With ``known``, a name outside it is refused too: a mistyped filter (``actor`` for
    ``actor_id``) would otherwise be ignored and show every entry as if it had matched.

    Examples
    --------
    >>> parse_filters({"action": "login", "date_from": "2026-02-01"}).action
    'login'
    """
    given = clean_values(values)
    problems = [
        FilterProblem(name[:40], "unknown", _short(values.get(name) or ""))
        for name in values
        if known is not None and name not in known
    ]
    actor_id = None
    if "actor_id" in given:
        text = given["actor_id"]
        actor_id = _number(text)
        if actor_id is None:
            problems.append(FilterProblem("actor_id", "number", _short(text)))
    for name in ("action", "object_type"):
        if name in given and not _NAME.fullmatch(given[name]):
            problems.append(FilterProblem(name, "name", _short(given[name])))
    if len(given.get("object_id", "")) > 200:
        problems.append(FilterProblem("object_id", "length", _short(given["object_id"])))
    days: dict[str, dt.date | None] = {}
    for name in ("date_from", "date_to"):
        if name in given:
            days[name] = _day(given[name])
            if days[name] is None:
                problems.append(FilterProblem(name, "date", _short(given[name])))
    since, until = days.get("date_from"), days.get("date_to")
    if since is not None and until is not None and until < since:
        problems.append(FilterProblem("date_to", "order", given["date_to"]))
    if problems:
        raise InvalidFilter(problems)
    return AuditFilter(
        actor_id=actor_id,
        action=given.get("action"),
        object_type=given.get("object_type"),
        object_id=given.get("object_id"),
        since=_day_start(since) if since else None,
        until=_day_start(until + dt.timedelta(days=1)) if until else None,
    )


def parse_page(page: str | None, per_page: str | None = None) -> tuple[int, int]:
    """Page number (from 1) and page size (default 50, at most 200) from text."""
    problems = []
    numbers = []
    for name, text, default, top in (
        ("page", page, 1, MAX_NUMBER // MAX_PER_PAGE),
        ("per_page", per_page, PER_PAGE, MAX_PER_PAGE),
    ):
        text = (text or "").strip()
        value = _number(text) if text else default
        if value is None or value > top:
            problems.append(FilterProblem(name, "page", _short(text)))
        numbers.append(value or default)
    if problems:
        raise InvalidFilter(problems)
    return numbers[0], numbers[1]


@dataclass(frozen=True)
class CheckedEntry:
    """An entry with the result of checking it against its predecessor (``None``: intact)."""

    entry: AuditEntry
    problem: ChainBreak | None

    @property
    def verified(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class AuditPage:
    """One page of matching entries, newest first."""

    entries: list[CheckedEntry]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total

    @property
    def first_position(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.entries else 0

    @property
    def last_position(self) -> int:
        return (self.page - 1) * self.per_page + len(self.entries)

    @property
    def broken(self) -> int:
        return sum(1 for e in self.entries if not e.verified)


def check_entries(session: Session, entries: list[AuditEntry]) -> list[CheckedEntry]:
    """Check each entry's hash and its link to the entry before it in the chain."""
    wanted = {e.id - 1 for e in entries if e.id > 1}
    rows = session.execute(select(AuditEntry.id, AuditEntry.hash).where(AuditEntry.id.in_(wanted)))
    previous: dict[int, str] = {row.id: row.hash for row in rows}
    checked = []
    for entry in entries:
        prev_hash = GENESIS if entry.id == 1 else previous.get(entry.id - 1)
        if prev_hash is None:
            problem: ChainBreak | None = ChainBreak(
                entry.id,
                BreakKind.DELETED,
                f"entry {entry.id - 1} missing before entry {entry.id} (deleted)",
            )
        else:
            problem = check_link(
                entry.chain_fields(), entry.hash, expected_id=entry.id, expected_prev=prev_hash
            )
        checked.append(CheckedEntry(entry, problem))
    return checked


def browse(
    session: Session, filters: AuditFilter, *, page: int = 1, per_page: int = PER_PAGE
) -> AuditPage:
    """One page of the entries matching ``filters``, newest first, each checked."""
    entries = audit_query.query(session, filters, limit=per_page, offset=(page - 1) * per_page)
    total = audit_query.count(session, filters)
    return AuditPage(check_entries(session, entries), page, per_page, total)


@dataclass(frozen=True)
class FilterChoices:
    """What the filter form offers: the accounts, and the actions and object types in use."""

    actors: list[tuple[int, str]]
    actions: list[str]
    object_types: list[str]


def filter_choices(session: Session) -> FilterChoices:
    """Accounts (never deleted, so every actor with an id is one) and the names in the trail."""
    return FilterChoices(
        actors=[(u.id, f"{u.name} ({u.email})") for u in list_users(session)],
        actions=sorted(session.scalars(select(AuditEntry.action).distinct())),
        object_types=sorted(session.scalars(select(AuditEntry.object_type).distinct())),
    )


def export_csv(
    session: Session,
    filters: AuditFilter,
    *,
    by: Actor,
    request_id: str | None = None,
    clock: Clock = utc_now,
) -> tuple[str, int]:
    """The matching entries as CSV text (BOM, semicolons, oldest first) and their count.

    The export itself is appended to the trail: who asked, with which filters, how many rows.
    """
    buffer = io.StringIO()
    rows = audit_query.export_csv(session, buffer, filters)
    shown = {k: v for k, v in dataclasses.asdict(filters).items() if v is not None}
    audit.record(
        session,
        actor=by,
        action=Action.EXPORT,
        object_type="audit_entries",
        object_id=None,
        after={"format": "csv", "rows": rows, "filters": shown},
        request_id=request_id,
        clock=clock,
    )
    return buffer.getvalue(), rows
