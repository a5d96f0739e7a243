"""The audit trail: an append-only, hash-chained record of every write (public records law).

Who (``actor_id`` and a text snapshot of the actor, so the entry stays readable if the account
is later removed), when, what was done to which object, the object before and after, the
request id and the decision the change rests on. Hashing lives in
:mod:`kraftsamling.core.audit_chain`, browsing and export in
:mod:`kraftsamling.core.audit_query`; this module stores and verifies.

Three layers keep the trail append-only and unforked:

* Appends are serialised (see :func:`record`), so every entry names the newest entry before it.
* ``prev_hash`` is unique: two entries naming the same predecessor (a fork) cannot be committed,
  even by code that skipped the lock.
* Database triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) of audit rows; on
  PostgreSQL :func:`restrict_app_role` also revokes those rights from the application's role.

Someone who can disable triggers (a database superuser) can still rewrite the table; the chain
then shows it, and a head kept outside the database (:func:`head`) shows even removal of the
newest entries or a rewrite of the whole tail.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    DateTime,
    Engine,
    Index,
    Integer,
    String,
    TypeDecorator,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from kraftsamling.core.audit_chain import (
    GENESIS,
    BreakKind,
    ChainBreak,
    ChainFields,
    Head,
    JsonValue,
    check_head,
    check_link,
    entry_hash,
    to_jsonable,
)
from kraftsamling.core.db import Base
from kraftsamling.core.errors import InvalidInput

# pg_advisory_xact_lock key of the audit chain: the bytes of "ks-audit" as a signed 64-bit int.
ADVISORY_LOCK_KEY = int.from_bytes(b"ks-audit", "big", signed=True)
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

Clock = Callable[[], dt.datetime]
# Object types of account events (log-ins, tokens, audit exports): they change no stored data.
ACCOUNT_OBJECT_TYPES = ("user", "api_token", "audit_entries")
# The entries about data, as literal SQL: a partial index serves a query only when the query
# repeats its condition word for word, literals included (SQLite never matches bound values).
DATA_ENTRIES = "object_type NOT IN ({})".format(", ".join(f"'{t}'" for t in ACCOUNT_OBJECT_TYPES))


def aware_utc(value: dt.datetime, name: str) -> dt.datetime:
    """``value`` in UTC; a naive datetime is refused, since its zone is unknown."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"Audit time '{name}' must be an aware datetime; got naive {value}.")
    return value.astimezone(dt.UTC)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Action(enum.StrEnum):
    """The usual actions; any lower-case name (``[a-z][a-z0-9_]*``) is accepted as well."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    STATE_CHANGE = "state_change"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    EXPORT = "export"


@dataclass(frozen=True)
class Actor:
    """Who acted: an account id (``None`` for the system or an unknown person) and a label."""

    id: int | None
    label: str


SYSTEM = Actor(None, "system")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime on every backend (SQLite returns naive values, stored as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else aware_utc(value, "at")

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class AuditEntry(Base):
    """One entry of the trail. ``id`` is the entry's position: 1, 2, 3, ... without gaps."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_object", "object_type", "object_id"),
        Index("ix_audit_entries_actor_id", "actor_id"),
        Index("ix_audit_entries_at", "at"),
        # The newest data entry is looked up on every cached page; without this index the
        # lookup walks back over every log-in since the last data write.
        Index(
            "ix_audit_entries_data",
            "id",
            sqlite_where=text(DATA_ENTRIES),
            postgresql_where=text(DATA_ENTRIES),
        ),
    )

    # Assigned by record() as head + 1 under the chain lock, never by a database sequence:
    # a sequence leaves gaps on rollback, and a gap must mean a deleted entry.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # No foreign key: accounts may be removed, the trail may not.
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(200))
    before: Mapped[JsonValue] = mapped_column(JSON(none_as_null=True))
    after: Mapped[JsonValue] = mapped_column(JSON(none_as_null=True))
    request_id: Mapped[str | None] = mapped_column(String(100))
    decision_ref: Mapped[str | None] = mapped_column(String(300))
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    def chain_fields(self) -> ChainFields:
        return _fields(self)

    def __repr__(self) -> str:
        return f"AuditEntry(id={self.id}, action={self.action!r}, object={self.object_type})"


# --- append-only triggers, for databases built with create_all (the migration has its own) ---
SQLITE_TRIGGERS = tuple(
    f"CREATE TRIGGER audit_entries_no_{op.lower()} BEFORE {op} ON audit_entries "
    f"BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: {op} refused'); END"
    for op in ("UPDATE", "DELETE")
)
PG_FUNCTION = """CREATE OR REPLACE FUNCTION audit_entries_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'audit_entries is append-only: ' || TG_OP || ' refused';
END
$$"""
PG_TRIGGERS = (
    "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
    "FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change()",
    # Row triggers do not fire on TRUNCATE.
    "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change()",
)

_table = AuditEntry.__table__
for _sql in SQLITE_TRIGGERS:
    event.listen(_table, "after_create", DDL(_sql).execute_if(dialect="sqlite"))
for _sql in (PG_FUNCTION, *PG_TRIGGERS):
    event.listen(_table, "after_create", DDL(_sql).execute_if(dialect="postgresql"))
event.listen(
    _table,
    "after_drop",
    DDL("DROP FUNCTION IF EXISTS audit_entries_refuse_change()").execute_if(dialect="postgresql"),
)


def restrict_app_role(engine: Engine, role: str) -> None:
    """Revoke UPDATE, DELETE and TRUNCATE on ``audit_entries`` from a PostgreSQL role.

    Run once, as the table's owner or a superuser, for the role the application connects as.
    The application must not connect as the table's owner: an owner keeps every right whatever
    is revoked (the triggers still refuse changes, but an owner may drop them).

    Raises
    ------
    InvalidInput
        On a database other than PostgreSQL (SQLite has no roles; its triggers are the guard).
    """
    if engine.dialect.name != "postgresql":
        raise InvalidInput(
            f"Roles exist only on PostgreSQL; this database is {engine.dialect.name}. "
            "On SQLite the append-only triggers are the guard."
        )
    quoted = engine.dialect.identifier_preparer.quote(role)
    with engine.begin() as conn:
        conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM {quoted}"))


# --- appending ---
def _text(name: str, value: object, limit: int, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value or len(value) > limit:
        raise InvalidInput(
            f"Audit {name} must be non-empty text of at most {limit} characters; got {value!r}."
        )
    return value


def _name(kind: str, value: str) -> str:
    if not _NAME.fullmatch(str(value)):
        raise InvalidInput(
            f"Audit {kind} must be a lower-case name like 'state_change' "
            f"(a-z, 0-9, _; at most 40 characters); got {value!r}."
        )
    return str(value)


def _lock_chain(session: Session) -> None:
    """Hold the chain until the caller's transaction ends, so the head read below stays the head.

    PostgreSQL: a transaction-scoped advisory lock, released by commit or rollback. The head is
    read after the lock is granted, and in READ COMMITTED each statement sees everything
    committed before it, so the head read is the newest committed entry. (Under REPEATABLE READ
    the snapshot may predate the lock; the unique ``prev_hash`` then refuses the insert.)

    SQLite (and others): a write that matches no row. It makes SQLite begin the transaction
    and take the database's single write lock (RESERVED) before the head is read, which is what
    BEGIN IMMEDIATE would do; other writers wait (busy timeout) until this transaction ends.
    A zero-row UPDATE fires no row trigger.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))
    else:
        session.execute(update(AuditEntry).where(AuditEntry.id < 0).values(id=AuditEntry.id))


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str | int | None,
    before: Any = None,
    after: Any = None,
    request_id: str | None = None,
    decision_ref: str | None = None,
    clock: Clock = utc_now,
) -> AuditEntry:
    """Append one entry inside the caller's transaction; it is kept only if the caller commits.

    The chain stays locked until that transaction ends, so call it at the end of a unit of
    work, after the change it records.

    Parameters
    ----------
    session
        The caller's session; the entry is flushed, not committed.
    actor
        Who acted; ``SYSTEM`` for the application itself.
    action
        ``Action`` value or another lower-case name.
    object_type, object_id
        What was acted on (``"calloff"``, ``42``); ``object_id`` may be ``None`` (a login).
    before, after
        JSON-able snapshots (see :func:`snapshot`); dates and decimals are converted.
    request_id, decision_ref
        The web request, and the decision the change rests on (``"KS 2026-01-22 § 12"``).
    clock
        Returns the time as an aware datetime; stored in UTC.

    Returns
    -------
    AuditEntry
        The new entry, with ``id`` and ``hash`` set.

    Examples
    --------
    >>> entry = record(session, actor=Actor(7, "anna@stad"), action=Action.UPDATE,
    ...                object_type="calloff", object_id=42, before={"amount": 100},
    ...                after={"amount": 120}, decision_ref="KS 2026-01-22 § 12")  # doctest: +SKIP
    """
    values = {
        "at": aware_utc(clock(), "at"),
        "actor_id": actor.id,
        "actor_label": _text("actor label", actor.label, 200),
        "action": _name("action", action),
        "object_type": _name("object type", object_type),
        "object_id": _text(
            "object_id",
            str(object_id)
            if isinstance(object_id, int) and not isinstance(object_id, bool)
            else object_id,
            200,
            optional=True,
        ),
        "before": to_jsonable(before, path="before"),
        "after": to_jsonable(after, path="after"),
        "request_id": _text("request_id", request_id, 100, optional=True),
        "decision_ref": _text("decision_ref", decision_ref, 300, optional=True),
    }
    _lock_chain(session)
    last = head(session)
    entry = AuditEntry(id=last.count + 1, prev_hash=last.hash if last.count else GENESIS, **values)
    entry.hash = entry_hash(_fields(entry))
    session.add(entry)
    session.flush()
    return entry


def snapshot(obj: object, *, exclude: Sequence[str] = ()) -> dict[str, JsonValue]:
    """A mapped object's column values as JSON data, for ``before``/``after``.

    Leave out secrets (password hashes, tokens) with ``exclude``.
    """
    mapper = inspect(obj).mapper
    return {
        attr.key: to_jsonable(getattr(obj, attr.key), path=attr.key)
        for attr in mapper.column_attrs
        if attr.key not in exclude
    }


# --- reading and verifying ---
def head(session: Session) -> Head:
    """The chain's head; keep it outside the database to detect removal of the newest entries."""
    row = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return Head(0, None) if row is None else Head(row.id, row.hash)


@dataclass(frozen=True)
class VerifyReport:
    """The result of :func:`verify`: ``checked`` entries were found intact before any break."""

    ok: bool
    checked: int
    head: Head
    broken_id: int | None = None
    reason: BreakKind | None = None
    message: str | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"Audit trail intact: {self.checked} entries, head {self.head.hash or '-'}."
        return f"Audit trail broken at entry {self.broken_id or '-'}: {self.message}."


_CHAIN_COLUMNS = [c for c in _table.columns if c.name != "hash"]


def _fields(source: Any) -> ChainFields:
    return ChainFields(**{c.name: getattr(source, c.name) for c in _CHAIN_COLUMNS})


def verify(
    session: Session,
    *,
    expect_head: str | None = None,
    expect_count: int | None = None,
    batch_size: int = 2000,
) -> VerifyReport:
    """Walk the whole chain in order and report the first broken entry, if any.

    Parameters
    ----------
    session
        Any session; nothing is written.
    expect_head
        A head hash noted earlier (from :func:`head`): it must still be in the chain.
        Without it, removing the newest entries cannot be detected.
    expect_count
        The entry count noted with that head: the chain must hold at least this many, and
        ``expect_head`` must sit at this position.
    batch_size
        Rows fetched at a time.
    """
    expected_id, expected_prev = 1, GENESIS
    head_at: int | None = None
    problem: ChainBreak | None = None
    rows = session.execute(
        select(_table).order_by(AuditEntry.id).execution_options(yield_per=batch_size)
    )
    try:
        for row in rows:
            fields = _fields(row)
            problem = check_link(
                fields, row.hash, expected_id=expected_id, expected_prev=expected_prev
            )
            if problem is not None:
                break
            if row.hash == expect_head:
                head_at = row.id
            expected_id, expected_prev = expected_id + 1, row.hash
    finally:
        rows.close()
    checked = expected_id - 1
    tip = Head(checked, expected_prev if checked else None)
    if problem is not None and problem.kind is BreakKind.RELINKED:
        problem = _moved(session, fields) or problem
    if problem is None:
        problem = check_head(tip, head_at, expect_head, expect_count)
    if problem is None:
        return VerifyReport(ok=True, checked=checked, head=tip)
    return VerifyReport(
        ok=False,
        checked=checked,
        head=head(session),
        broken_id=problem.entry_id,
        reason=problem.kind,
        message=problem.message,
    )


def _moved(session: Session, fields: ChainFields) -> ChainBreak | None:
    """A RELINKED entry whose predecessor sits elsewhere in the chain was moved."""
    predecessor = session.scalar(select(AuditEntry.id).where(AuditEntry.hash == fields.prev_hash))
    if predecessor is None:
        return None
    return ChainBreak(
        fields.id,
        BreakKind.REORDERED,
        f"entry {fields.id} was written after entry {predecessor}, not after entry "
        f"{fields.id - 1} (entries were reordered)",
    )


__all__ = [
    "SYSTEM",
    "Action",
    "Actor",
    "AuditEntry",
    "Head",
    "VerifyReport",
    "head",
    "record",
    "restrict_app_role",
    "snapshot",
    "verify",
]
